'use strict';
process.exitCode = require('./step.js').run('post.sh');
