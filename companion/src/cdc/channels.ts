/** The channels the companion subscribes to: five CDC entities (the default allocation) and one platform event. */
export const CDC_CHANNELS = [
  '/data/ContactChangeEvent',
  '/data/LeadChangeEvent',
  '/data/CaseChangeEvent',
  '/data/AccountChangeEvent',
  '/data/OpportunityChangeEvent',
] as const;

export const CONFIG_CHANGED_CHANNEL = '/event/Okta_Config_Changed__e';

export const DEFAULT_CHANNELS: readonly string[] = [...CDC_CHANNELS, CONFIG_CHANGED_CHANNEL];

/** Where a channel's last durably handled replay id is kept. */
export const replayCursorName = (channel: string) => `cdc.replay:${channel}`;

/** `/data/ContactChangeEvent` → `Contact`, `/data/Obj__ChangeEvent` → `Obj__c`; undefined for others. */
export function entityOfChannel(channel: string): string | undefined {
  const match = /^\/data\/(\w+?)(__)?ChangeEvent$/.exec(channel);
  if (!match?.[1] || channel === '/data/ChangeEvents') return undefined;
  return match[2] ? `${match[1]}__c` : match[1];
}

const INVALID_REPLAY = /^400::The replayId \{?([^}\s]*)\}? you provided was invalid/;

/** Whether a subscribe error says the stored replay id is outside the retention window. */
export function isInvalidReplayError(error: unknown): boolean {
  const message =
    typeof error === 'string'
      ? error
      : typeof (error as { message?: unknown } | null)?.message === 'string'
        ? (error as { message: string }).message
        : '';
  return INVALID_REPLAY.test(message);
}
