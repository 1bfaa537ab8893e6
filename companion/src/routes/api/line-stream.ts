const encoder = new TextEncoder();

const LINES_PER_CHUNK = 200;

/**
 * A byte stream pulled from a lazy sequence of lines: one chunk of lines is produced only when
 * the reader wants more, so an export of any length holds one chunk (plus the source's own page)
 * in memory. A failure of the source ends the stream with an error after reporting it.
 */
export function lineStream(
  lines: AsyncIterator<string, unknown, undefined>,
  options: { linesPerChunk?: number; onError?: (error: unknown) => void } = {},
): ReadableStream<Uint8Array> {
  const perChunk = options.linesPerChunk ?? LINES_PER_CHUNK;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let text = '';
        try {
          for (let i = 0; i < perChunk; i++) {
            const next = await lines.next();
            if (next.done) {
              if (text !== '') controller.enqueue(encoder.encode(text));
              controller.close();
              return;
            }
            text += next.value;
          }
        } catch (error) {
          options.onError?.(error);
          controller.error(error);
          return;
        }
        controller.enqueue(encoder.encode(text));
      },
      async cancel() {
        await lines.return?.(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
