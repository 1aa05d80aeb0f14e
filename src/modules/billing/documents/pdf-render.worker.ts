import { move } from 'piscina';
import type { BillingDocumentView } from './billing-document.view';
import { renderBillingDocument } from './pdf-renderer';

/**
 * A PdfRenderPool thread (piscina task): renders the view it is given and answers the PDF's bytes,
 * or the render's error. Errors are answered, not thrown, so that the pool tells a failed render from
 * a thread that stopped.
 */
export interface RenderRequest {
  view: BillingDocumentView;
}
export type RenderReply = ArrayBuffer | { error: { message: string; stack?: string } };

export default async function render({ view }: RenderRequest): Promise<RenderReply> {
  try {
    const pdf = await renderBillingDocument(view);
    // Transfer the bytes rather than copy them. A Buffer may be a slice of a larger, pooled
    // ArrayBuffer, which must not be handed over whole: such a slice is copied into its own first.
    const whole = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
    const bytes = (whole ? pdf.buffer : pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength)) as ArrayBuffer;
    return move(bytes) as ArrayBuffer;
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
    return { error: { message, stack } };
  }
}
