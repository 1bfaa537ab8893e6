// The environment every Salesforce CLI run of this project gets: no telemetry, no progress
// bars, and no self-update. The CLI reads SF_AUTOUPDATE_DISABLE; its update plugin (oclif)
// reads SF_DISABLE_AUTOUPDATE, and the CLI sets that one itself only when neither is set, so
// setting the first alone left the plugin spawning `sf update --autoupdate` in the background,
// a process that outlived the command (and, offline, waited on the network).
export const SF_ENV = Object.freeze({
  SF_DISABLE_TELEMETRY: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  SF_DISABLE_AUTOUPDATE: 'true',
  SF_USE_PROGRESS_BAR: 'false',
});

/** `env` with the CLI settings above on top. */
export function sfEnvironment(env = process.env) {
  return { ...env, ...SF_ENV };
}
