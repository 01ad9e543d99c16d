export const HELP_TEXT = `Usage: dps-profiles check <files|folders|globs>... [options]
       dps-profiles check --stdin [--stdin-filename <name>] [options]

Check Apple configuration profiles (.mobileconfig) and Okta Verify preference
plists for Okta Desktop Password Sync / Platform SSO.

Folders are searched recursively for *.mobileconfig, com.okta.mobile.plist,
com.okta.mobile.auth-service-extension.plist and the file names listed in the
config's "preferenceDomainFiles" (node_modules and .git are skipped). Quote
globs to let dps-profiles expand them: *, ** and ? are supported.

CMS-signed profiles are checked too: positions refer to the embedded XML, and
the report says who signed them and whether the signature verifies.
Identifier, PayloadUUID and SSO URL collisions are checked across all files.

Options:
  -f, --format <name>                Output format: stylish (default), json, sarif,
                                     junit, github (workflow-command annotations)
  -o, --output <file>                Write the report to a file instead of stdout
      --max-warnings <n>             Exit 1 when there are more than n warnings
      --severity <CODE=level>        Override a code's severity; repeatable. CODE is a
                                     code (DPS302) or its name (unknown-key); level is
                                     error, warning, info, hint or off
  -c, --config <file>                Settings file (default: the nearest .dps-profiles.json
                                     from the current folder upward)
      --target-macos <version>       The macOS version you deploy to, e.g. 14.5
      --deployment                   Check all inputs as one deployment. By default the
                                     files of each folder form one deployment, so rules
                                     that span files (e.g. a URL claimed twice) see them
      --per-file                     Check each file on its own
      --fix                          Apply the safe fixes and write the files back,
                                     then report what remains
      --folder-context               Check the named files together with the other
                                     profiles of their folders, reporting only the
                                     named files (for pre-commit, which passes only
                                     the staged files)
      --trust-anchors <file.pem>     Also verify that signed profiles chain to these
                                     certificates (without it only the signature's
                                     integrity is checked, never trust)
      --stdin                        Read one document from standard input
      --stdin-filename <name>        The name to report it under (default: <stdin>)
  -q, --quiet                        Report errors only
      --no-color                     No colours (also: NO_COLOR set, or not a terminal)
  -h, --help                         Show this help
  -v, --version                      Show the version

Exit codes:
  0  no errors, and no more warnings than --max-warnings
  1  errors found, or more warnings than --max-warnings
  2  usage error, or an input that could not be read (missing path, unreadable
     file, folder or glob without profiles); the other inputs are still checked

Docs: https://github.com/dps-profiles/dps-profiles/blob/main/docs/cli.md
`;
