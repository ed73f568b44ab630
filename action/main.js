'use strict';
process.exitCode = require('./step.js').run('main.sh');
