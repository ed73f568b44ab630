
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'elevate' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'elevate'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'elevate' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Ask for elevated access: a permission set on an account, for a while')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a pending request (or an active elevation''s extension); the approval that completes the quorum grants the access (or moves the end)')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject a pending request (or an active elevation''s extension), saying why')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Withdraw your own request before it is granted')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End an elevation now: remove the account assignment and confirm it is gone')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Follow an existing request until it is active')
            [CompletionResult]::new('console', 'console', [CompletionResultType]::ParameterValue, 'Open the AWS console of a granted elevation: the access portal''s link for its account and permission set, signed in with your own Identity Center session')
            [CompletionResult]::new('credentials', 'credentials', [CompletionResultType]::ParameterValue, 'Print the AWS credentials of a granted elevation, from your own Identity Center sign-in')
            [CompletionResult]::new('extend', 'extend', [CompletionResultType]::ParameterValue, 'Lengthen an active elevation, within the policy''s maximum duration')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Review a break-glass elevation after the fact, as one of its approvers')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command with elevated access: ask for it, wait for approval, run the command with the credentials in its environment, and give the access back when it exits')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List requests: yours (default), those you may approve, active ones, break-glass ones not yet reviewed, or all')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every field of a request and the timeline of its ledger events')
            [CompletionResult]::new('eligible', 'eligible', [CompletionResultType]::ParameterValue, 'What you may request: every account × permission set, with the longest duration and how it is approved')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The ledger for auditors and incident responders: who had what access when, who approved it, and why')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Policy as code: check, apply, show, compare and explain the rules')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'An AWS profile that uses an elevation: `aws --profile elevate-prod-admin …` works until it ends')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Repair whatever was left half-done, in one idempotent pass')
            [CompletionResult]::new('executor', 'executor', [CompletionResultType]::ParameterValue, 'Run the executor: the only principal that creates and removes access in a brokered team')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Create, or check, what elevate needs in this account: the ledger table, the schedule group and the scheduler role')
            [CompletionResult]::new('iam-policy', 'iam-policy', [CompletionResultType]::ParameterValue, 'Print a least-privilege IAM policy (JSON) for one role, or the seal key''s key policy')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page, or write one page per command into a directory')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write your config and a starting policy from what your credentials find')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check that elevate can run here, one line per check, each OK or a PROBLEM with the fix')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show every setting in effect and where it came from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'elevate;request' {
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Account to elevate in: its 12-digit id or its name')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Account to elevate in: its 12-digit id or its name')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Permission set, by name or ARN')
            [CompletionResult]::new('--permission-set', '--permission-set', [CompletionResultType]::ParameterName, 'Permission set, by name or ARN')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long, e.g. 30m, 2h, 1h30m [default: the policy''s default_duration]')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long, e.g. 30m, 2h, 1h30m [default: the policy''s default_duration]')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Why you need it: shown to approvers and kept in the ledger')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it: shown to approvers and kept in the ledger')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or incident id')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Who the access is for, when the caller is not an Identity Center user (CI, break-glass roles)')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Makes the request idempotent: run again with the same key (e.g. the CI run''s id), it returns the request the first run created instead of asking twice. (Without a key, your own open request for the same access and an overlapping time is returned too)')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Not before this time: +2h (from now), ''tomorrow 09:00'', ''today 17:30'', 2026-11-23T09:00 (in your zone: ELEVATE_TZ, UTC with --utc, else the system''s) or 2026-11-23T09:00:00Z (RFC 3339), at most a year ahead. Once approved, the access is granted at the start by a schedule (or `elevate reconcile`) and lasts --duration from then')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--break-glass', '--break-glass', [CompletionResultType]::ParameterName, 'Emergency access under a break-glass rule: granted at once without approval, recorded as break-glass and reviewed afterwards. The reason is mandatory')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the request is active (exit 0), rejected (4), or expired or --timeout passes (5; the request''s id is printed, and without a terminal it is cancelled): for CI jobs and scripts')
            [CompletionResult]::new('--cancel-on-timeout', '--cancel-on-timeout', [CompletionResultType]::ParameterName, 'When --timeout passes, cancel the request so nobody grants it after you gave up [default when there is no terminal, as in CI]')
            [CompletionResult]::new('--no-cancel-on-timeout', '--no-cancel-on-timeout', [CompletionResultType]::ParameterName, 'When --timeout passes, leave the request pending')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;approve' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A note kept in the ledger with your approval')
            [CompletionResult]::new('--comment', '--comment', [CompletionResultType]::ParameterName, 'A note kept in the ledger with your approval')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long --wait waits for the executor')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--finish', '--finish', [CompletionResultType]::ParameterName, 'Finish the grant of an approved request (interrupted, failed, or approved by policy for a caller who could not grant) instead of approving')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Brokered: follow the grant until it is confirmed (exit 0), fails, or --timeout passes (5) [default on a terminal]')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Brokered: return once the approval is recorded')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;reject' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Why: the requester sees it, the ledger keeps it')
            [CompletionResult]::new('--comment', '--comment', [CompletionResultType]::ParameterName, 'Why: the requester sees it, the ledger keeps it')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;cancel' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'A request that is already over is an error (exit 1), not a note')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;revoke' {
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Why it ends early, kept in the ledger')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why it ends early, kept in the ledger')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'An elevation that is already over (or whose end is already asked) is an error (exit 1), not a note')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;wait' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--cancel-on-timeout', '--cancel-on-timeout', [CompletionResultType]::ParameterName, 'When --timeout passes, cancel the request so nobody grants it after you gave up [default when there is no terminal, as in CI]')
            [CompletionResult]::new('--no-cancel-on-timeout', '--no-cancel-on-timeout', [CompletionResultType]::ParameterName, 'When --timeout passes, leave the request pending')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;console' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the link instead of opening it')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;credentials' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to keep asking while Identity Center finishes provisioning the access')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, '`export AWS_…=…` lines, for `eval "$(…)"`')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, '`AWS_…=…` lines, as `docker --env-file` and systemd''s EnvironmentFile read them')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;extend' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'How much longer, e.g. 30m, 1h')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Why it needs longer: shown to approvers and kept in the ledger')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why it needs longer: shown to approvers and kept in the ledger')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;review' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'What you checked and found: kept in the ledger')
            [CompletionResult]::new('--comment', '--comment', [CompletionResultType]::ParameterName, 'What you checked and found: kept in the ledger')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;run' {
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Account to elevate in: its 12-digit id or its name')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Account to elevate in: its 12-digit id or its name')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Permission set, by name or ARN')
            [CompletionResult]::new('--permission-set', '--permission-set', [CompletionResultType]::ParameterName, 'Permission set, by name or ARN')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long, e.g. 30m, 2h, 1h30m [default: the policy''s default_duration]')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long, e.g. 30m, 2h, 1h30m [default: the policy''s default_duration]')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Why you need it: shown to approvers and kept in the ledger')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it: shown to approvers and kept in the ledger')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or incident id')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Who the access is for, when the caller is not an Identity Center user (CI, break-glass roles)')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Makes the request idempotent: run again with the same key (e.g. the CI run''s id), it returns the request the first run created instead of asking twice. (Without a key, your own open request for the same access and an overlapping time is returned too)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--break-glass', '--break-glass', [CompletionResultType]::ParameterName, 'Emergency access under a break-glass rule: granted at once without approval, recorded as break-glass and reviewed afterwards. The reason is mandatory')
            [CompletionResult]::new('--cancel-on-timeout', '--cancel-on-timeout', [CompletionResultType]::ParameterName, 'When --timeout passes, cancel the request so nobody grants it after you gave up [default when there is no terminal, as in CI]')
            [CompletionResult]::new('--no-cancel-on-timeout', '--no-cancel-on-timeout', [CompletionResultType]::ParameterName, 'When --timeout passes, leave the request pending')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Leave the access in place when the command exits (it ends at its end time)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only these statuses (comma-separated or repeated)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Only this account: its 12-digit id or its name in the organisation')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many, newest first')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--mine', '--mine', [CompletionResultType]::ParameterName, 'Requests you made or that give you access (the default)')
            [CompletionResult]::new('--to-approve', '--to-approve', [CompletionResultType]::ParameterName, 'Pending requests you may approve')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active elevations')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every request in the ledger')
            [CompletionResult]::new('--unreviewed', '--unreviewed', [CompletionResultType]::ParameterName, 'Break-glass elevations not yet reviewed (`elevate review <id> --comment ..`)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;eligible' {
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Only this account (id or name)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Only this account (id or name)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only this permission set (name or ARN)')
            [CompletionResult]::new('--permission-set', '--permission-set', [CompletionResultType]::ParameterName, 'Only this permission set (name or ARN)')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'For callers that are not Identity Center users: whose eligibility')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Fetch accounts and permission sets again instead of using the cache')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;audit' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Requests made by, or giving access to, this Identity Center user')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Requests for this account id')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Requests for this account id')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Requests for this permission set (name or ARN)')
            [CompletionResult]::new('--permission-set', '--permission-set', [CompletionResultType]::ParameterName, 'Requests for this permission set (name or ARN)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only these statuses, e.g. active,revoked')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'From: -30d, -12h, 2026-11-01 (in your zone, as times are shown), or an RFC 3339 time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Until: as --since')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table, or json with --output json]')
            [CompletionResult]::new('--event-data-store', '--event-data-store', [CompletionResultType]::ParameterName, 'CloudTrail Lake event data store (ARN or id) [config: event_data_store]')
            [CompletionResult]::new('--trail-bucket', '--trail-bucket', [CompletionResultType]::ParameterName, 'S3 bucket of the organisation trail, read when there is no event data store [config: trail_bucket]')
            [CompletionResult]::new('--trail-org-id', '--trail-org-id', [CompletionResultType]::ParameterName, 'The organisation id in the trail''s keys (AWSLogs/<org-id>/<account>/…) [config: trail_org_id]')
            [CompletionResult]::new('--trail-regions', '--trail-regions', [CompletionResultType]::ParameterName, 'Regions of the trail to read [config: trail_regions; default: the region]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--activity', '--activity', [CompletionResultType]::ParameterName, 'What the elevated session did (needs <ID>): CloudTrail events from the grant to the end plus the session duration, from CloudTrail Lake or the organisation trail in S3')
            [CompletionResult]::new('--writes-only', '--writes-only', [CompletionResultType]::ParameterName, 'With --activity: only calls that change something')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every request in the ledger against its hash-chained events; exit 1 on any edited, removed or reordered event, or a record changed after its newest event sealed it')
            [CompletionResult]::new('standing', 'standing', [CompletionResultType]::ParameterValue, 'Find access elevate did not give: standing assignments of `temporary_only` permission sets, and assignment changes in CloudTrail by anyone but elevate')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'elevate;audit;verify' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;audit;standing' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'CloudTrail from: -7d, -12h, 2026-11-01 (in your zone, as times are shown), or an RFC 3339 time [default: -24h]')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'CloudTrail until: as --since [default: now]')
            [CompletionResult]::new('--event-data-store', '--event-data-store', [CompletionResultType]::ParameterName, 'CloudTrail Lake event data store (ARN or id) [config: event_data_store]')
            [CompletionResult]::new('--trail-bucket', '--trail-bucket', [CompletionResultType]::ParameterName, 'S3 bucket of the organisation trail, read when there is no event data store [config: trail_bucket]')
            [CompletionResult]::new('--trail-org-id', '--trail-org-id', [CompletionResultType]::ParameterName, 'The organisation id in the trail''s keys (AWSLogs/<org-id>/<account>/…) [config: trail_org_id]')
            [CompletionResult]::new('--trail-regions', '--trail-regions', [CompletionResultType]::ParameterName, 'Regions of the trail to read [config: trail_regions; default: the region]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;audit;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every request in the ledger against its hash-chained events; exit 1 on any edited, removed or reordered event, or a record changed after its newest event sealed it')
            [CompletionResult]::new('standing', 'standing', [CompletionResultType]::ParameterValue, 'Find access elevate did not give: standing assignments of `temporary_only` permission sets, and assignment changes in CloudTrail by anyone but elevate')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'elevate;audit;help;verify' {
            break
        }
        'elevate;audit;help;standing' {
            break
        }
        'elevate;audit;help;help' {
            break
        }
        'elevate;policy' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a policy file: syntax, values, and (unless --offline) every user, group, permission set, account and OU it names')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Store a policy file in the ledger as the next version (after checking it as `check` does)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the policy in force (or an older version) with who applied it and when')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what would change: the latest applied version against a file, or two versions')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'history')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain whether a principal may request a permission set on an account, under which rules, who approves and how many approvals are needed, or exactly why not')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'elevate;policy;check' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Do not look names up in AWS')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;policy;apply' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Do not look names up in AWS before applying')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;policy;show' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'A version number from `elevate policy history` [default: the latest]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;policy;diff' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Version to compare from [default: the latest applied]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Version to compare to, instead of a file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;policy;history' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;policy;explain' {
            [CompletionResult]::new('--principal', '--principal', [CompletionResultType]::ParameterName, 'Who would receive the access')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Account id or name')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Account id or name')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Permission set name or ARN')
            [CompletionResult]::new('--permission-set', '--permission-set', [CompletionResultType]::ParameterName, 'Permission set name or ARN')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Duration to check [default: the policy''s default]')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Duration to check [default: the policy''s default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--break-glass', '--break-glass', [CompletionResultType]::ParameterName, 'Explain a break-glass request')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;policy;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a policy file: syntax, values, and (unless --offline) every user, group, permission set, account and OU it names')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Store a policy file in the ledger as the next version (after checking it as `check` does)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the policy in force (or an older version) with who applied it and when')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what would change: the latest applied version against a file, or two versions')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'history')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain whether a principal may request a permission set on an account, under which rules, who approves and how many approvals are needed, or exactly why not')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'elevate;policy;help;check' {
            break
        }
        'elevate;policy;help;apply' {
            break
        }
        'elevate;policy;help;show' {
            break
        }
        'elevate;policy;help;diff' {
            break
        }
        'elevate;policy;help;history' {
            break
        }
        'elevate;policy;help;explain' {
            break
        }
        'elevate;policy;help;help' {
            break
        }
        'elevate;profile' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The profile''s name [default: elevate-<account>-<permission set>]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Add the profile to your AWS config instead of printing it')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;reconcile' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what is due and change nothing')
            [CompletionResult]::new('--quick', '--quick', [CompletionResultType]::ParameterName, 'Find work through the ledger''s indexes only, not by reading the whole ledger: cheaper, but a record whose status or index attributes were edited is not found (run a full pass at least hourly)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;executor' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between the end of one pass and the start of the next (--watch)')
            [CompletionResult]::new('--full-every', '--full-every', [CompletionResultType]::ParameterName, 'Find work through the ledger''s indexes only between full passes: every --full-every-th pass reads the whole ledger (1: every pass)')
            [CompletionResult]::new('--event-data-store', '--event-data-store', [CompletionResultType]::ParameterName, 'CloudTrail Lake event data store (ARN or id) [config: event_data_store]')
            [CompletionResult]::new('--trail-bucket', '--trail-bucket', [CompletionResultType]::ParameterName, 'S3 bucket of the organisation trail, read when there is no event data store [config: trail_bucket]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'One pass, then exit (1 when something needs a person)')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Pass after pass until SIGTERM or Ctrl-C')
            [CompletionResult]::new('--lambda', '--lambda', [CompletionResultType]::ParameterName, 'Serve AWS Lambda invocations through the Lambda runtime API (AWS_LAMBDA_RUNTIME_API)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;setup' {
            [CompletionResult]::new('--kms-key', '--kms-key', [CompletionResultType]::ParameterName, 'Customer-managed KMS key (ARN or key id) for the ledger table [default: kms_key from config, else the AWS-owned key]')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'Name of the scheduler role')
            [CompletionResult]::new('--executor-zip', '--executor-zip', [CompletionResultType]::ParameterName, 'With --executor: the function''s code package (a zip with `bootstrap` inside) instead of this binary')
            [CompletionResult]::new('--executor-arch', '--executor-arch', [CompletionResultType]::ParameterName, 'With --executor: the architecture of --executor-zip''s bootstrap')
            [CompletionResult]::new('--function-name', '--function-name', [CompletionResultType]::ParameterName, 'With --executor: the function''s name')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be created or changed, and change nothing')
            [CompletionResult]::new('--create-roles', '--create-roles', [CompletionResultType]::ParameterName, 'Create the scheduler role if it is missing (needs iam:CreateRole and iam:PutRolePolicy)')
            [CompletionResult]::new('--seal-key', '--seal-key', [CompletionResultType]::ParameterName, 'Create the seal key even for an SQLite ledger (a DynamoDB ledger always gets one); it is named alias/elevate-seal/<table>, so a second run finds it')
            [CompletionResult]::new('--permission-sets', '--permission-sets', [CompletionResultType]::ParameterName, 'Create or update the permission sets people sign in with, each with its role''s policy inline (an Identity Center administrator runs this; nothing else is set up)')
            [CompletionResult]::new('--executor', '--executor', [CompletionResultType]::ParameterName, 'Deploy the executor as a Lambda function with its role and one-minute schedule (the account administrator runs this; nothing else is set up)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;iam-policy' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The AWS account elevate runs in [default: from scheduler_role_arn, else any]')
            [CompletionResult]::new('--event-data-store', '--event-data-store', [CompletionResultType]::ParameterName, 'CloudTrail Lake event data store (ARN or id) [config: event_data_store]')
            [CompletionResult]::new('--trail-bucket', '--trail-bucket', [CompletionResultType]::ParameterName, 'S3 bucket of the organisation trail, read when there is no event data store [config: trail_bucket]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Print the role''s trust policy instead (scheduler only)')
            [CompletionResult]::new('--permission-set', '--permission-set', [CompletionResultType]::ParameterName, 'People''s roles (requester, approver, auditor, admin): print it as the inline policy of their Identity Center permission set, and how to put it there')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write elevate.1, elevate-<command>.1 and the file formats'' elevate-config.5 and elevate-policy.5 into this directory instead')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;init' {
            [CompletionResult]::new('--requesters', '--requesters', [CompletionResultType]::ParameterName, 'Identity Center group whose members may ask (the starting policy''s principals)')
            [CompletionResult]::new('--approvers', '--approvers', [CompletionResultType]::ParameterName, 'Identity Center group whose members approve')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Write without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Write without asking')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite a config or policy file that exists')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;doctor' {
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'Name of the scheduler role when scheduler_role_arn is not set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;config' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the Identity Center instance')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'Identity Center instance ARN [default: discovered with ListInstances]')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'Identity store id [default: the instance''s]')
            [CompletionResult]::new('--identity-account', '--identity-account', [CompletionResultType]::ParameterName, 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]')
            [CompletionResult]::new('--scheduler-role-arn', '--scheduler-role-arn', [CompletionResultType]::ParameterName, 'Role EventBridge Scheduler assumes to remove access at the end of an elevation')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout [default: table on a terminal, text otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--allow-long-term-keys', '--allow-long-term-keys', [CompletionResultType]::ParameterName, 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md')
            [CompletionResult]::new('--utc', '--utc', [CompletionResultType]::ParameterName, 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error naming its flag')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only data and errors: no warnings or progress')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'elevate;help' {
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Ask for elevated access: a permission set on an account, for a while')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a pending request (or an active elevation''s extension); the approval that completes the quorum grants the access (or moves the end)')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject a pending request (or an active elevation''s extension), saying why')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Withdraw your own request before it is granted')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End an elevation now: remove the account assignment and confirm it is gone')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Follow an existing request until it is active')
            [CompletionResult]::new('console', 'console', [CompletionResultType]::ParameterValue, 'Open the AWS console of a granted elevation: the access portal''s link for its account and permission set, signed in with your own Identity Center session')
            [CompletionResult]::new('credentials', 'credentials', [CompletionResultType]::ParameterValue, 'Print the AWS credentials of a granted elevation, from your own Identity Center sign-in')
            [CompletionResult]::new('extend', 'extend', [CompletionResultType]::ParameterValue, 'Lengthen an active elevation, within the policy''s maximum duration')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Review a break-glass elevation after the fact, as one of its approvers')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command with elevated access: ask for it, wait for approval, run the command with the credentials in its environment, and give the access back when it exits')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List requests: yours (default), those you may approve, active ones, break-glass ones not yet reviewed, or all')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every field of a request and the timeline of its ledger events')
            [CompletionResult]::new('eligible', 'eligible', [CompletionResultType]::ParameterValue, 'What you may request: every account × permission set, with the longest duration and how it is approved')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The ledger for auditors and incident responders: who had what access when, who approved it, and why')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Policy as code: check, apply, show, compare and explain the rules')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'An AWS profile that uses an elevation: `aws --profile elevate-prod-admin …` works until it ends')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Repair whatever was left half-done, in one idempotent pass')
            [CompletionResult]::new('executor', 'executor', [CompletionResultType]::ParameterValue, 'Run the executor: the only principal that creates and removes access in a brokered team')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Create, or check, what elevate needs in this account: the ledger table, the schedule group and the scheduler role')
            [CompletionResult]::new('iam-policy', 'iam-policy', [CompletionResultType]::ParameterValue, 'Print a least-privilege IAM policy (JSON) for one role, or the seal key''s key policy')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page, or write one page per command into a directory')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write your config and a starting policy from what your credentials find')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check that elevate can run here, one line per check, each OK or a PROBLEM with the fix')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show every setting in effect and where it came from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'elevate;help;request' {
            break
        }
        'elevate;help;approve' {
            break
        }
        'elevate;help;reject' {
            break
        }
        'elevate;help;cancel' {
            break
        }
        'elevate;help;revoke' {
            break
        }
        'elevate;help;wait' {
            break
        }
        'elevate;help;console' {
            break
        }
        'elevate;help;credentials' {
            break
        }
        'elevate;help;extend' {
            break
        }
        'elevate;help;review' {
            break
        }
        'elevate;help;run' {
            break
        }
        'elevate;help;list' {
            break
        }
        'elevate;help;show' {
            break
        }
        'elevate;help;eligible' {
            break
        }
        'elevate;help;audit' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every request in the ledger against its hash-chained events; exit 1 on any edited, removed or reordered event, or a record changed after its newest event sealed it')
            [CompletionResult]::new('standing', 'standing', [CompletionResultType]::ParameterValue, 'Find access elevate did not give: standing assignments of `temporary_only` permission sets, and assignment changes in CloudTrail by anyone but elevate')
            break
        }
        'elevate;help;audit;verify' {
            break
        }
        'elevate;help;audit;standing' {
            break
        }
        'elevate;help;policy' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a policy file: syntax, values, and (unless --offline) every user, group, permission set, account and OU it names')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Store a policy file in the ledger as the next version (after checking it as `check` does)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the policy in force (or an older version) with who applied it and when')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what would change: the latest applied version against a file, or two versions')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'history')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain whether a principal may request a permission set on an account, under which rules, who approves and how many approvals are needed, or exactly why not')
            break
        }
        'elevate;help;policy;check' {
            break
        }
        'elevate;help;policy;apply' {
            break
        }
        'elevate;help;policy;show' {
            break
        }
        'elevate;help;policy;diff' {
            break
        }
        'elevate;help;policy;history' {
            break
        }
        'elevate;help;policy;explain' {
            break
        }
        'elevate;help;profile' {
            break
        }
        'elevate;help;reconcile' {
            break
        }
        'elevate;help;executor' {
            break
        }
        'elevate;help;setup' {
            break
        }
        'elevate;help;iam-policy' {
            break
        }
        'elevate;help;completions' {
            break
        }
        'elevate;help;man' {
            break
        }
        'elevate;help;init' {
            break
        }
        'elevate;help;doctor' {
            break
        }
        'elevate;help;config' {
            break
        }
        'elevate;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
