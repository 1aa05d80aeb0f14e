import { parentPort } from 'node:worker_threads';
import type { BillingDocumentView } from './billing-document.view';
import { renderBillingDocument } from './pdf-renderer';

/**
 * A PdfRenderPool thread: renders each view it is sent and posts the PDF back. The pool sends one
 * request at a time; the id only checks that the answer is the one awaited.
 */
export interface RenderRequest {
  id: number;
  view: BillingDocumentView;
}
export type RenderReply = { id: number; pdf: ArrayBuffer } | { id: number; error: { message: string; stack?: string } };

const port = parentPort;
if (!port) throw new Error('pdf-render.worker must run in a worker thread (see PdfRenderPool)');

port.on('message', async ({ id, view }: RenderRequest) => {
  try {
    const pdf = await renderBillingDocument(view);
    // Transfer the bytes rather than copy them. A Buffer may be a slice of a larger, pooled
    // ArrayBuffer, which must not be handed over whole: such a slice is copied into its own first.
    const whole = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
    const bytes = (whole ? pdf.buffer : pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength)) as ArrayBuffer;
    port.postMessage({ id, pdf: bytes } satisfies RenderReply, [bytes]);
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
    port.postMessage({ id, error: { message, stack } } satisfies RenderReply);
  }
});
