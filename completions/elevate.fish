# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_elevate_global_optspecs
    string join \n profile= region= config= instance-arn= identity-store-id= identity-account= store= policy= allow-long-term-keys scheduler-role-arn= o/output= utc no-input v/verbose q/quiet color= h/help V/version
end

function __fish_elevate_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_elevate_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_elevate_using_subcommand
    set -l cmd (__fish_elevate_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c elevate -n "__fish_elevate_needs_command" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_needs_command" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_needs_command" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_needs_command" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_needs_command" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_needs_command" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_needs_command" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_needs_command" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_needs_command" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_needs_command" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_needs_command" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_needs_command" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_needs_command" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_needs_command" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_needs_command" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_needs_command" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_needs_command" -s V -l version -d 'Print version'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "request" -d 'Ask for elevated access: a permission set on an account, for a while'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "approve" -d 'Approve a pending request (or an active elevation\'s extension); the approval that completes the quorum grants the access (or moves the end)'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "reject" -d 'Reject a pending request (or an active elevation\'s extension), saying why'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "cancel" -d 'Withdraw your own request before it is granted'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "revoke" -d 'End an elevation now: remove the account assignment and confirm it is gone'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "wait" -d 'Follow an existing request until it is active'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "console" -d 'Open the AWS console of a granted elevation: the access portal\'s link for its account and permission set, signed in with your own Identity Center session'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "credentials" -d 'Print the AWS credentials of a granted elevation, from your own Identity Center sign-in'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "extend" -d 'Lengthen an active elevation, within the policy\'s maximum duration'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "review" -d 'Review a break-glass elevation after the fact, as one of its approvers'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "run" -d 'Run a command with elevated access: ask for it, wait for approval, run the command with the credentials in its environment, and give the access back when it exits'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "list" -d 'List requests: yours (default), those you may approve, active ones, break-glass ones not yet reviewed, or all'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "show" -d 'Show every field of a request and the timeline of its ledger events'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "eligible" -d 'What you may request: every account × permission set, with the longest duration and how it is approved'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "audit" -d 'The ledger for auditors and incident responders: who had what access when, who approved it, and why'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "policy" -d 'Policy as code: check, apply, show, compare and explain the rules'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "profile" -d 'An AWS profile that uses an elevation: `aws --profile elevate-prod-admin …` works until it ends'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "reconcile" -d 'Repair whatever was left half-done, in one idempotent pass'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "executor" -d 'Run the executor: the only principal that creates and removes access in a brokered team'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "setup" -d 'Create, or check, what elevate needs in this account: the ledger table, the schedule group and the scheduler role'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "iam-policy" -d 'Print a least-privilege IAM policy (JSON) for one role, or the seal key\'s key policy'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "man" -d 'Print the manual page, or write one page per command into a directory'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "init" -d 'Write your config and a starting policy from what your credentials find'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "doctor" -d 'Check that elevate can run here, one line per check, each OK or a PROBLEM with the fix'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "config" -d 'Show every setting in effect and where it came from'
complete -c elevate -n "__fish_elevate_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c elevate -n "__fish_elevate_using_subcommand request" -s a -l account -d 'Account to elevate in: its 12-digit id or its name' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -s p -l permission-set -d 'Permission set, by name or ARN' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -s d -l duration -d 'How long, e.g. 30m, 2h, 1h30m [default: the policy\'s default_duration]' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -s r -l reason -d 'Why you need it: shown to approvers and kept in the ledger' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -l ticket -d 'Ticket or incident id' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -l for -d 'Who the access is for, when the caller is not an Identity Center user (CI, break-glass roles)' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -l idempotency-key -d 'Makes the request idempotent: run again with the same key (e.g. the CI run\'s id), it returns the request the first run created instead of asking twice. (Without a key, your own open request for the same access and an overlapping time is returned too)' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -l start -d 'Not before this time: +2h (from now), \'tomorrow 09:00\', \'today 17:30\', 2026-11-23T09:00 (in your zone: ELEVATE_TZ, UTC with --utc, else the system\'s) or 2026-11-23T09:00:00Z (RFC 3339), at most a year ahead. Once approved, the access is granted at the start by a schedule (or `elevate reconcile`) and lasts --duration from then' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -l timeout -d 'How long to wait' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand request" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand request" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand request" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand request" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand request" -l break-glass -d 'Emergency access under a break-glass rule: granted at once without approval, recorded as break-glass and reviewed afterwards. The reason is mandatory'
complete -c elevate -n "__fish_elevate_using_subcommand request" -l wait -d 'Wait until the request is active (exit 0), rejected (4), or expired or --timeout passes (5; the request\'s id is printed, and without a terminal it is cancelled): for CI jobs and scripts'
complete -c elevate -n "__fish_elevate_using_subcommand request" -l cancel-on-timeout -d 'When --timeout passes, cancel the request so nobody grants it after you gave up [default when there is no terminal, as in CI]'
complete -c elevate -n "__fish_elevate_using_subcommand request" -l no-cancel-on-timeout -d 'When --timeout passes, leave the request pending'
complete -c elevate -n "__fish_elevate_using_subcommand request" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand request" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand request" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand request" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand request" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand request" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand approve" -s c -l comment -d 'A note kept in the ledger with your approval' -r
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l timeout -d 'How long --wait waits for the executor' -r
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand approve" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l finish -d 'Finish the grant of an approved request (interrupted, failed, or approved by policy for a caller who could not grant) instead of approving'
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l wait -d 'Brokered: follow the grant until it is confirmed (exit 0), fails, or --timeout passes (5) [default on a terminal]'
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l no-wait -d 'Brokered: return once the approval is recorded'
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand approve" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand approve" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand approve" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand approve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand reject" -s c -l comment -d 'Why: the requester sees it, the ledger keeps it' -r
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand reject" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand reject" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand reject" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand reject" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand reject" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l strict -d 'A request that is already over is an error (exit 1), not a note'
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -s r -l reason -d 'Why it ends early, kept in the ledger' -r
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l strict -d 'An elevation that is already over (or whose end is already asked) is an error (exit 1), not a note'
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l timeout -d 'How long to wait' -r
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand wait" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l cancel-on-timeout -d 'When --timeout passes, cancel the request so nobody grants it after you gave up [default when there is no terminal, as in CI]'
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l no-cancel-on-timeout -d 'When --timeout passes, leave the request pending'
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand wait" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand wait" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand wait" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand wait" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand console" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand console" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand console" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand console" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand console" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand console" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand console" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand console" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand console" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand console" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand console" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand console" -l print -d 'Print the link instead of opening it'
complete -c elevate -n "__fish_elevate_using_subcommand console" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand console" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand console" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand console" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand console" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand console" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l timeout -d 'How long to keep asking while Identity Center finishes provisioning the access' -r
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l export -d '`export AWS_…=…` lines, for `eval "$(…)"`'
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l env-file -d '`AWS_…=…` lines, as `docker --env-file` and systemd\'s EnvironmentFile read them'
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand credentials" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l by -d 'How much longer, e.g. 30m, 1h' -r
complete -c elevate -n "__fish_elevate_using_subcommand extend" -s r -l reason -d 'Why it needs longer: shown to approvers and kept in the ledger' -r
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand extend" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand extend" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand extend" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand extend" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand extend" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand review" -s c -l comment -d 'What you checked and found: kept in the ledger' -r
complete -c elevate -n "__fish_elevate_using_subcommand review" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand review" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand review" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand review" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand review" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand review" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand review" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand review" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand review" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand review" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand review" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand review" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand review" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand review" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand review" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand review" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand review" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand run" -s a -l account -d 'Account to elevate in: its 12-digit id or its name' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -s p -l permission-set -d 'Permission set, by name or ARN' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -s d -l duration -d 'How long, e.g. 30m, 2h, 1h30m [default: the policy\'s default_duration]' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -s r -l reason -d 'Why you need it: shown to approvers and kept in the ledger' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -l ticket -d 'Ticket or incident id' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -l for -d 'Who the access is for, when the caller is not an Identity Center user (CI, break-glass roles)' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -l idempotency-key -d 'Makes the request idempotent: run again with the same key (e.g. the CI run\'s id), it returns the request the first run created instead of asking twice. (Without a key, your own open request for the same access and an overlapping time is returned too)' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -l timeout -d 'How long to wait' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand run" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand run" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand run" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand run" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand run" -l break-glass -d 'Emergency access under a break-glass rule: granted at once without approval, recorded as break-glass and reviewed afterwards. The reason is mandatory'
complete -c elevate -n "__fish_elevate_using_subcommand run" -l cancel-on-timeout -d 'When --timeout passes, cancel the request so nobody grants it after you gave up [default when there is no terminal, as in CI]'
complete -c elevate -n "__fish_elevate_using_subcommand run" -l no-cancel-on-timeout -d 'When --timeout passes, leave the request pending'
complete -c elevate -n "__fish_elevate_using_subcommand run" -l keep -d 'Leave the access in place when the command exits (it ends at its end time)'
complete -c elevate -n "__fish_elevate_using_subcommand run" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand run" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand run" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand run" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand run" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand list" -l status -d 'Only these statuses (comma-separated or repeated)' -r
complete -c elevate -n "__fish_elevate_using_subcommand list" -l account -d 'Only this account: its 12-digit id or its name in the organisation' -r
complete -c elevate -n "__fish_elevate_using_subcommand list" -l limit -d 'At most this many, newest first' -r
complete -c elevate -n "__fish_elevate_using_subcommand list" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand list" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand list" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand list" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand list" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand list" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand list" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand list" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand list" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand list" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand list" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand list" -l mine -d 'Requests you made or that give you access (the default)'
complete -c elevate -n "__fish_elevate_using_subcommand list" -l to-approve -d 'Pending requests you may approve'
complete -c elevate -n "__fish_elevate_using_subcommand list" -l active -d 'Active elevations'
complete -c elevate -n "__fish_elevate_using_subcommand list" -l all -d 'Every request in the ledger'
complete -c elevate -n "__fish_elevate_using_subcommand list" -l unreviewed -d 'Break-glass elevations not yet reviewed (`elevate review <id> --comment ..`)'
complete -c elevate -n "__fish_elevate_using_subcommand list" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand list" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand list" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand list" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand list" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand show" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand show" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand show" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand show" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand show" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand show" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand show" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand show" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand show" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand show" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand show" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand show" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand show" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand show" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand show" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand show" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -s a -l account -d 'Only this account (id or name)' -r
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -s p -l permission-set -d 'Only this permission set (name or ARN)' -r
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l for -d 'For callers that are not Identity Center users: whose eligibility' -r
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l refresh -d 'Fetch accounts and permission sets again instead of using the cache'
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand eligible" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l user -d 'Requests made by, or giving access to, this Identity Center user' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -s a -l account -d 'Requests for this account id' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -s p -l permission-set -d 'Requests for this permission set (name or ARN)' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l status -d 'Only these statuses, e.g. active,revoked' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l since -d 'From: -30d, -12h, 2026-11-01 (in your zone, as times are shown), or an RFC 3339 time' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l until -d 'Until: as --since' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l format -d 'Output format [default: table, or json with --output json]' -r -f -a "table\t''
json\t'One JSON document (an array)'
jsonl\t'One JSON object per line, written as the ledger is read'
csv\t'RFC 4180, one row per request; opens in a spreadsheet'"
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l event-data-store -d 'CloudTrail Lake event data store (ARN or id) [config: event_data_store]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l trail-bucket -d 'S3 bucket of the organisation trail, read when there is no event data store [config: trail_bucket]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l trail-org-id -d 'The organisation id in the trail\'s keys (AWSLogs/<org-id>/<account>/…) [config: trail_org_id]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l trail-regions -d 'Regions of the trail to read [config: trail_regions; default: the region]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l activity -d 'What the elevated session did (needs <ID>): CloudTrail events from the grant to the end plus the session duration, from CloudTrail Lake or the organisation trail in S3'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l writes-only -d 'With --activity: only calls that change something'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -a "verify" -d 'Check every request in the ledger against its hash-chained events; exit 1 on any edited, removed or reordered event, or a record changed after its newest event sealed it'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -a "standing" -d 'Find access elevate did not give: standing assignments of `temporary_only` permission sets, and assignment changes in CloudTrail by anyone but elevate'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and not __fish_seen_subcommand_from verify standing help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l since -d 'CloudTrail from: -7d, -12h, 2026-11-01 (in your zone, as times are shown), or an RFC 3339 time [default: -24h]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l until -d 'CloudTrail until: as --since [default: now]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l event-data-store -d 'CloudTrail Lake event data store (ARN or id) [config: event_data_store]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l trail-bucket -d 'S3 bucket of the organisation trail, read when there is no event data store [config: trail_bucket]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l trail-org-id -d 'The organisation id in the trail\'s keys (AWSLogs/<org-id>/<account>/…) [config: trail_org_id]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l trail-regions -d 'Regions of the trail to read [config: trail_regions; default: the region]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from standing" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check every request in the ledger against its hash-chained events; exit 1 on any edited, removed or reordered event, or a record changed after its newest event sealed it'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "standing" -d 'Find access elevate did not give: standing assignments of `temporary_only` permission sets, and assignment changes in CloudTrail by anyone but elevate'
complete -c elevate -n "__fish_elevate_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -f -a "check" -d 'Validate a policy file: syntax, values, and (unless --offline) every user, group, permission set, account and OU it names'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -f -a "apply" -d 'Store a policy file in the ledger as the next version (after checking it as `check` does)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -f -a "show" -d 'Print the policy in force (or an older version) with who applied it and when'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -f -a "diff" -d 'Show what would change: the latest applied version against a file, or two versions'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -f -a "history"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -f -a "explain" -d 'Explain whether a principal may request a permission set on an account, under which rules, who approves and how many approvals are needed, or exactly why not'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and not __fish_seen_subcommand_from check apply show diff history explain help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l offline -d 'Do not look names up in AWS'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l offline -d 'Do not look names up in AWS before applying'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l version -d 'A version number from `elevate policy history` [default: the latest]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l from -d 'Version to compare from [default: the latest applied]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l to -d 'Version to compare to, instead of a file' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l principal -d 'Who would receive the access' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -s a -l account -d 'Account id or name' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -s p -l permission-set -d 'Permission set name or ARN' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -s d -l duration -d 'Duration to check [default: the policy\'s default]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l break-glass -d 'Explain a break-glass request'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate a policy file: syntax, values, and (unless --offline) every user, group, permission set, account and OU it names'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Store a policy file in the ledger as the next version (after checking it as `check` does)'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the policy in force (or an older version) with who applied it and when'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Show what would change: the latest applied version against a file, or two versions'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "history"
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "explain" -d 'Explain whether a principal may request a permission set on an account, under which rules, who approves and how many approvals are needed, or exactly why not'
complete -c elevate -n "__fish_elevate_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l name -d 'The profile\'s name [default: elevate-<account>-<permission set>]' -r
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand profile" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l write -d 'Add the profile to your AWS config instead of printing it'
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand profile" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand profile" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand profile" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand profile" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l dry-run -d 'Show what is due and change nothing'
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l quick -d 'Find work through the ledger\'s indexes only, not by reading the whole ledger: cheaper, but a record whose status or index attributes were edited is not found (run a full pass at least hourly)'
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand reconcile" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l interval -d 'Time between the end of one pass and the start of the next (--watch)' -r
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l full-every -d 'Find work through the ledger\'s indexes only between full passes: every --full-every-th pass reads the whole ledger (1: every pass)' -r
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l event-data-store -d 'CloudTrail Lake event data store (ARN or id) [config: event_data_store]' -r
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l trail-bucket -d 'S3 bucket of the organisation trail, read when there is no event data store [config: trail_bucket]' -r
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand executor" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l once -d 'One pass, then exit (1 when something needs a person)'
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l watch -d 'Pass after pass until SIGTERM or Ctrl-C'
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l lambda -d 'Serve AWS Lambda invocations through the Lambda runtime API (AWS_LAMBDA_RUNTIME_API)'
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand executor" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand executor" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand executor" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand executor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l kms-key -d 'Customer-managed KMS key (ARN or key id) for the ledger table [default: kms_key from config, else the AWS-owned key]' -r
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l role-name -d 'Name of the scheduler role' -r
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l executor-zip -d 'With --executor: the function\'s code package (a zip with `bootstrap` inside) instead of this binary' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l executor-arch -d 'With --executor: the architecture of --executor-zip\'s bootstrap' -r -f -a "x86_64\t''
arm64\t''"
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l function-name -d 'With --executor: the function\'s name' -r
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand setup" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l dry-run -d 'Show what would be created or changed, and change nothing'
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l create-roles -d 'Create the scheduler role if it is missing (needs iam:CreateRole and iam:PutRolePolicy)'
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l seal-key -d 'Create the seal key even for an SQLite ledger (a DynamoDB ledger always gets one); it is named alias/elevate-seal/<table>, so a second run finds it'
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l permission-sets -d 'Create or update the permission sets people sign in with, each with its role\'s policy inline (an Identity Center administrator runs this; nothing else is set up)'
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l executor -d 'Deploy the executor as a Lambda function with its role and one-minute schedule (the account administrator runs this; nothing else is set up)'
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand setup" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand setup" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand setup" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l account -d 'The AWS account elevate runs in [default: from scheduler_role_arn, else any]' -r
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l event-data-store -d 'CloudTrail Lake event data store (ARN or id) [config: event_data_store]' -r
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l trail-bucket -d 'S3 bucket of the organisation trail, read when there is no event data store [config: trail_bucket]' -r
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l trust -d 'Print the role\'s trust policy instead (scheduler only)'
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l permission-set -d 'People\'s roles (requester, approver, auditor, admin): print it as the inline policy of their Identity Center permission set, and how to put it there'
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand iam-policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand completions" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand completions" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand completions" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand completions" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand man" -l out-dir -d 'Write elevate.1, elevate-<command>.1 and the file formats\' elevate-config.5 and elevate-policy.5 into this directory instead' -r -f -a "(__fish_complete_directories)"
complete -c elevate -n "__fish_elevate_using_subcommand man" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand man" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand man" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand man" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand man" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand man" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand man" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand man" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand man" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand man" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand man" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand man" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand man" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand man" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand man" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand man" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand init" -l requesters -d 'Identity Center group whose members may ask (the starting policy\'s principals)' -r
complete -c elevate -n "__fish_elevate_using_subcommand init" -l approvers -d 'Identity Center group whose members approve' -r
complete -c elevate -n "__fish_elevate_using_subcommand init" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand init" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand init" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand init" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand init" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand init" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand init" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand init" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand init" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand init" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand init" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand init" -s y -l yes -d 'Write without asking'
complete -c elevate -n "__fish_elevate_using_subcommand init" -l force -d 'Overwrite a config or policy file that exists'
complete -c elevate -n "__fish_elevate_using_subcommand init" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand init" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand init" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand init" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand init" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l role-name -d 'Name of the scheduler role when scheduler_role_arn is not set' -r
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand config" -l profile -d 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)' -r
complete -c elevate -n "__fish_elevate_using_subcommand config" -l region -d 'Region of the Identity Center instance' -r
complete -c elevate -n "__fish_elevate_using_subcommand config" -l config -d 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand config" -l instance-arn -d 'Identity Center instance ARN [default: discovered with ListInstances]' -r
complete -c elevate -n "__fish_elevate_using_subcommand config" -l identity-store-id -d 'Identity store id [default: the instance\'s]' -r
complete -c elevate -n "__fish_elevate_using_subcommand config" -l identity-account -d 'Account whose Identity Center sessions are people [default: the account that owns the Identity Center instance]' -r
complete -c elevate -n "__fish_elevate_using_subcommand config" -l store -d 'Ledger: sqlite:<path>, or dynamodb:<table> for a team [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]' -r
complete -c elevate -n "__fish_elevate_using_subcommand config" -l policy -d 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]' -r -F
complete -c elevate -n "__fish_elevate_using_subcommand config" -l scheduler-role-arn -d 'Role EventBridge Scheduler assumes to remove access at the end of an elevation' -r
complete -c elevate -n "__fish_elevate_using_subcommand config" -s o -l output -d 'Output format for data on stdout [default: table on a terminal, text otherwise]' -r -f -a "table\t'Tables with borders, fitted to the terminal (the default on a terminal)'
text\t'Tab-separated lines with a header (the default when stdout is not a terminal)'
json\t'JSON'"
complete -c elevate -n "__fish_elevate_using_subcommand config" -l color -d 'Colour on stderr (NO_COLOR is honoured in auto mode)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c elevate -n "__fish_elevate_using_subcommand config" -l allow-long-term-keys -d 'Accept long-term access keys (AKIA…). Not recommended: see docs/configuration.md'
complete -c elevate -n "__fish_elevate_using_subcommand config" -l utc -d 'Show times in UTC rather than in your zone (ELEVATE_TZ names another, e.g. Europe/Paris)'
complete -c elevate -n "__fish_elevate_using_subcommand config" -l no-input -d 'Never prompt; a missing value is an error naming its flag'
complete -c elevate -n "__fish_elevate_using_subcommand config" -s v -l verbose -d 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
complete -c elevate -n "__fish_elevate_using_subcommand config" -s q -l quiet -d 'Only data and errors: no warnings or progress'
complete -c elevate -n "__fish_elevate_using_subcommand config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "request" -d 'Ask for elevated access: a permission set on an account, for a while'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "approve" -d 'Approve a pending request (or an active elevation\'s extension); the approval that completes the quorum grants the access (or moves the end)'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "reject" -d 'Reject a pending request (or an active elevation\'s extension), saying why'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "cancel" -d 'Withdraw your own request before it is granted'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "revoke" -d 'End an elevation now: remove the account assignment and confirm it is gone'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "wait" -d 'Follow an existing request until it is active'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "console" -d 'Open the AWS console of a granted elevation: the access portal\'s link for its account and permission set, signed in with your own Identity Center session'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "credentials" -d 'Print the AWS credentials of a granted elevation, from your own Identity Center sign-in'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "extend" -d 'Lengthen an active elevation, within the policy\'s maximum duration'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "review" -d 'Review a break-glass elevation after the fact, as one of its approvers'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "run" -d 'Run a command with elevated access: ask for it, wait for approval, run the command with the credentials in its environment, and give the access back when it exits'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "list" -d 'List requests: yours (default), those you may approve, active ones, break-glass ones not yet reviewed, or all'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "show" -d 'Show every field of a request and the timeline of its ledger events'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "eligible" -d 'What you may request: every account × permission set, with the longest duration and how it is approved'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "audit" -d 'The ledger for auditors and incident responders: who had what access when, who approved it, and why'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "policy" -d 'Policy as code: check, apply, show, compare and explain the rules'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "profile" -d 'An AWS profile that uses an elevation: `aws --profile elevate-prod-admin …` works until it ends'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "reconcile" -d 'Repair whatever was left half-done, in one idempotent pass'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "executor" -d 'Run the executor: the only principal that creates and removes access in a brokered team'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "setup" -d 'Create, or check, what elevate needs in this account: the ledger table, the schedule group and the scheduler role'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "iam-policy" -d 'Print a least-privilege IAM policy (JSON) for one role, or the seal key\'s key policy'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "completions" -d 'Print a shell completion script'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "man" -d 'Print the manual page, or write one page per command into a directory'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "init" -d 'Write your config and a starting policy from what your credentials find'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "doctor" -d 'Check that elevate can run here, one line per check, each OK or a PROBLEM with the fix'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "config" -d 'Show every setting in effect and where it came from'
complete -c elevate -n "__fish_elevate_using_subcommand help; and not __fish_seen_subcommand_from request approve reject cancel revoke wait console credentials extend review run list show eligible audit policy profile reconcile executor setup iam-policy completions man init doctor config help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c elevate -n "__fish_elevate_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check every request in the ledger against its hash-chained events; exit 1 on any edited, removed or reordered event, or a record changed after its newest event sealed it'
complete -c elevate -n "__fish_elevate_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "standing" -d 'Find access elevate did not give: standing assignments of `temporary_only` permission sets, and assignment changes in CloudTrail by anyone but elevate'
complete -c elevate -n "__fish_elevate_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "check" -d 'Validate a policy file: syntax, values, and (unless --offline) every user, group, permission set, account and OU it names'
complete -c elevate -n "__fish_elevate_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "apply" -d 'Store a policy file in the ledger as the next version (after checking it as `check` does)'
complete -c elevate -n "__fish_elevate_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "show" -d 'Print the policy in force (or an older version) with who applied it and when'
complete -c elevate -n "__fish_elevate_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "diff" -d 'Show what would change: the latest applied version against a file, or two versions'
complete -c elevate -n "__fish_elevate_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "history"
complete -c elevate -n "__fish_elevate_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "explain" -d 'Explain whether a principal may request a permission set on an account, under which rules, who approves and how many approvals are needed, or exactly why not'
