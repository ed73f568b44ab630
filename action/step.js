// The action's steps are bash scripts (action/main.sh, action/post.sh): this only hands them the
// inputs under plain names (GitHub passes `permission-set` as INPUT_PERMISSION-SET, which a
// shell cannot read) and passes their exit status on.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const INPUTS = [
  'account', 'permission-set', 'duration', 'for', 'reason', 'ticket', 'timeout',
  'idempotency-key', 'version', 'keep',
];

function run(script) {
  const env = { ...process.env };
  for (const name of INPUTS) {
    const value = process.env[`INPUT_${name.toUpperCase()}`];
    env[`EA_${name.toUpperCase().replace(/-/g, '_')}`] = value === undefined ? '' : value.trim();
  }
  const done = spawnSync('bash', [path.join(__dirname, script)], { stdio: 'inherit', env });
  if (done.error) {
    console.log(`::error::cannot run ${script}: ${done.error.message}`);
    return 1;
  }
  return done.status === null ? 1 : done.status;
}

module.exports = { run };
