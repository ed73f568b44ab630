
use builtin;
use str;

set edit:completion:arg-completer[elevate] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'elevate'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'elevate'= {
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand request 'Ask for elevated access: a permission set on an account, for a while'
            cand approve 'Approve a pending request; the approval that completes the quorum grants the access'
            cand reject 'Reject a pending request, saying why'
            cand cancel 'Withdraw your own request before it is granted'
            cand revoke 'End an elevation now: remove the account assignment and confirm it is gone'
            cand list 'List requests: yours (default), those you may approve, active ones, or all'
            cand show 'Show every field of a request and the timeline of its ledger events'
            cand eligible 'What you may request: every account × permission set, with the longest duration and how it is approved'
            cand policy 'Policy as code: check, apply, show, compare and explain the rules'
            cand reconcile 'Repair whatever was left half-done, in one idempotent pass'
            cand completions 'Print a shell completion script'
            cand man 'Print the manual page, or write one page per command into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'elevate;request'= {
            cand -a 'Account to elevate in: its 12-digit id or its name'
            cand --account 'Account to elevate in: its 12-digit id or its name'
            cand -p 'Permission set, by name or ARN'
            cand --permission-set 'Permission set, by name or ARN'
            cand -d 'How long, e.g. 30m, 2h, 1h30m [default: the policy''s default_duration]'
            cand --duration 'How long, e.g. 30m, 2h, 1h30m [default: the policy''s default_duration]'
            cand -r 'Why you need it: shown to approvers and kept in the ledger'
            cand --reason 'Why you need it: shown to approvers and kept in the ledger'
            cand --ticket 'Ticket or incident id'
            cand --for 'Who the access is for, when the caller is not an Identity Center user (CI, break-glass roles)'
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --break-glass 'Emergency access under a break-glass rule: granted at once without approval, recorded as break-glass and reviewed afterwards. The reason is mandatory'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'elevate;approve'= {
            cand -c 'A note kept in the ledger with your approval'
            cand --comment 'A note kept in the ledger with your approval'
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --finish 'Finish the grant of an approved request (interrupted, failed, or approved by policy for a caller who could not grant) instead of approving'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'elevate;reject'= {
            cand -c 'Why: the requester sees it, the ledger keeps it'
            cand --comment 'Why: the requester sees it, the ledger keeps it'
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'elevate;cancel'= {
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'elevate;revoke'= {
            cand -r 'Why it ends early, kept in the ledger'
            cand --reason 'Why it ends early, kept in the ledger'
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'elevate;list'= {
            cand --status 'Only these statuses (comma-separated or repeated)'
            cand --account 'Only this account'
            cand --limit 'At most this many, newest first'
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --mine 'Requests you made or that give you access (the default)'
            cand --to-approve 'Pending requests you may approve'
            cand --active 'Active elevations'
            cand --all 'Every request in the ledger'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'elevate;show'= {
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'elevate;eligible'= {
            cand -a 'Only this account (id or name)'
            cand --account 'Only this account (id or name)'
            cand -p 'Only this permission set (name or ARN)'
            cand --permission-set 'Only this permission set (name or ARN)'
            cand --for 'For callers that are not Identity Center users: whose eligibility'
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --refresh 'Fetch accounts and permission sets again instead of using the cache'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'elevate;policy'= {
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand check 'Validate a policy file: syntax, values, and (unless --offline) every user, group, permission set, account and OU it names'
            cand apply 'Store a policy file in the ledger as the next version (after checking it as `check` does)'
            cand show 'Print the policy in force (or an older version) with who applied it and when'
            cand diff 'Show what would change: the latest applied version against a file, or two versions'
            cand history 'history'
            cand explain 'Explain whether a principal may request a permission set on an account, under which rules, who approves and how many approvals are needed, or exactly why not'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'elevate;policy;check'= {
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --offline 'Do not look names up in AWS'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'elevate;policy;apply'= {
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --offline 'Do not look names up in AWS before applying'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'elevate;policy;show'= {
            cand --version 'A version number from `elevate policy history` [default: the latest]'
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'elevate;policy;diff'= {
            cand --from 'Version to compare from [default: the latest applied]'
            cand --to 'Version to compare to, instead of a file'
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'elevate;policy;history'= {
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'elevate;policy;explain'= {
            cand --principal 'Who would receive the access'
            cand -a 'Account id or name'
            cand --account 'Account id or name'
            cand -p 'Permission set name or ARN'
            cand --permission-set 'Permission set name or ARN'
            cand -d 'Duration to check [default: the policy''s default]'
            cand --duration 'Duration to check [default: the policy''s default]'
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --break-glass 'Explain a break-glass request'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'elevate;policy;help'= {
            cand check 'Validate a policy file: syntax, values, and (unless --offline) every user, group, permission set, account and OU it names'
            cand apply 'Store a policy file in the ledger as the next version (after checking it as `check` does)'
            cand show 'Print the policy in force (or an older version) with who applied it and when'
            cand diff 'Show what would change: the latest applied version against a file, or two versions'
            cand history 'history'
            cand explain 'Explain whether a principal may request a permission set on an account, under which rules, who approves and how many approvals are needed, or exactly why not'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'elevate;policy;help;check'= {
        }
        &'elevate;policy;help;apply'= {
        }
        &'elevate;policy;help;show'= {
        }
        &'elevate;policy;help;diff'= {
        }
        &'elevate;policy;help;history'= {
        }
        &'elevate;policy;help;explain'= {
        }
        &'elevate;policy;help;help'= {
        }
        &'elevate;reconcile'= {
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --dry-run 'Show what is due and change nothing'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'elevate;completions'= {
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'elevate;man'= {
            cand --out-dir 'Write elevate.1 and elevate-<command>.1 into this directory instead'
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
            cand --scheduler-role-arn 'Role EventBridge Scheduler assumes to remove access at the end of an elevation'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'Colour on stderr (NO_COLOR is honoured in auto mode)'
            cand --allow-long-term-keys 'Accept long-term access keys (AKIA…). Not recommended: see the README'
            cand --no-input 'Never prompt; a missing value is an error naming its flag'
            cand -v 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand --verbose 'More log detail on stderr (-v info, -vv debug, -vvv debug including the AWS SDK)'
            cand -q 'Only data and errors: no warnings or progress'
            cand --quiet 'Only data and errors: no warnings or progress'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'elevate;help'= {
            cand request 'Ask for elevated access: a permission set on an account, for a while'
            cand approve 'Approve a pending request; the approval that completes the quorum grants the access'
            cand reject 'Reject a pending request, saying why'
            cand cancel 'Withdraw your own request before it is granted'
            cand revoke 'End an elevation now: remove the account assignment and confirm it is gone'
            cand list 'List requests: yours (default), those you may approve, active ones, or all'
            cand show 'Show every field of a request and the timeline of its ledger events'
            cand eligible 'What you may request: every account × permission set, with the longest duration and how it is approved'
            cand policy 'Policy as code: check, apply, show, compare and explain the rules'
            cand reconcile 'Repair whatever was left half-done, in one idempotent pass'
            cand completions 'Print a shell completion script'
            cand man 'Print the manual page, or write one page per command into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'elevate;help;request'= {
        }
        &'elevate;help;approve'= {
        }
        &'elevate;help;reject'= {
        }
        &'elevate;help;cancel'= {
        }
        &'elevate;help;revoke'= {
        }
        &'elevate;help;list'= {
        }
        &'elevate;help;show'= {
        }
        &'elevate;help;eligible'= {
        }
        &'elevate;help;policy'= {
            cand check 'Validate a policy file: syntax, values, and (unless --offline) every user, group, permission set, account and OU it names'
            cand apply 'Store a policy file in the ledger as the next version (after checking it as `check` does)'
            cand show 'Print the policy in force (or an older version) with who applied it and when'
            cand diff 'Show what would change: the latest applied version against a file, or two versions'
            cand history 'history'
            cand explain 'Explain whether a principal may request a permission set on an account, under which rules, who approves and how many approvals are needed, or exactly why not'
        }
        &'elevate;help;policy;check'= {
        }
        &'elevate;help;policy;apply'= {
        }
        &'elevate;help;policy;show'= {
        }
        &'elevate;help;policy;diff'= {
        }
        &'elevate;help;policy;history'= {
        }
        &'elevate;help;policy;explain'= {
        }
        &'elevate;help;reconcile'= {
        }
        &'elevate;help;completions'= {
        }
        &'elevate;help;man'= {
        }
        &'elevate;help;help'= {
        }
    ]
    $completions[$command]
}
