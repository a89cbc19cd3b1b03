/**
 * "What was missing from the notes?" as a Slack modal: opened from the button
 * under a 👎 or by `/docker missing` with nothing after it, answered as a
 * `view_submission`. The channel it was opened from rides along in
 * `private_metadata`, so the thanks can be said there (privately).
 */
export const MISSING_CALLBACK_ID = 'wharfie:missing';
const BLOCK_ID = 'missing';
const ACTION_ID = 'what';

export function missingModal(channelId: string): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: MISSING_CALLBACK_ID,
    private_metadata: JSON.stringify({ channel: channelId }),
    title: { type: 'plain_text', text: 'What was missing?' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: BLOCK_ID,
        label: { type: 'plain_text', text: 'What were you looking for?' },
        hint: { type: 'plain_text', text: 'The note authors see this in their report.' },
        element: { type: 'plain_text_input', action_id: ACTION_ID, multiline: true, min_length: 3, max_length: 1000 },
      },
    ],
  };
}

/** The text typed and the channel the form was opened from. */
export function readMissingModal(view: { private_metadata?: string; state?: { values?: Record<string, Record<string, { value?: string | null }>> } }): { text: string; channel: string | null } {
  const text = view.state?.values?.[BLOCK_ID]?.[ACTION_ID]?.value ?? '';
  let channel: string | null = null;
  try {
    const meta = JSON.parse(view.private_metadata ?? '{}') as { channel?: unknown };
    if (typeof meta.channel === 'string' && meta.channel) channel = meta.channel;
  } catch {
    // Not ours or damaged: the thanks has nowhere to go, the text is still recorded.
  }
  return { text, channel };
}
