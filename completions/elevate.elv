
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
        &'elevate;completions'= {
            cand --profile 'AWS profile to take credentials from (e.g. one set up with `aws configure sso`)'
            cand --region 'Region of the Identity Center instance'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/elevate/config.toml]'
            cand --store 'Ledger location, sqlite:<path> [default: sqlite:$XDG_DATA_HOME/elevate/ledger.db]'
            cand --policy 'Policy file [default: $XDG_CONFIG_HOME/elevate/policy.toml]'
            cand --instance-arn 'Identity Center instance ARN [default: discovered with ListInstances]'
            cand --identity-store-id 'Identity store id [default: the instance''s]'
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
        &'elevate;help;completions'= {
        }
        &'elevate;help;man'= {
        }
        &'elevate;help;help'= {
        }
    ]
    $completions[$command]
}
