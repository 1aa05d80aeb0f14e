import { bodyRefusalOf } from './body-parsers';

/** The errors body-parser raises carry `type` and `status`; see body-parser's README. */
const parserError = (type: string, status: number) => Object.assign(new Error('English detail, maybe quoting the body'), { type, status, expose: true });

describe('bodyRefusalOf', () => {
  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE, in French', () => {
    const refusal = bodyRefusalOf(parserError('entity.too.large', 413));
    expect(refusal).toEqual({ status: 413, reason: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/trop volumineuse.*100 ko/) });
    expect(bodyRefusalOf(parserError('parameters.too.many', 413))?.reason).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON, without the parser’s message', () => {
    const refusal = bodyRefusalOf(Object.assign(new SyntaxError('Unexpected end of JSON input'), { type: 'entity.parse.failed', status: 400, body: '{"query":' }));
    expect(refusal).toEqual({ status: 400, reason: 'MALFORMED_JSON', message: 'Requête illisible : le corps n’est pas un JSON valide.' });
  });

  it('answers the parser’s other client errors with their status', () => {
    expect(bodyRefusalOf(parserError('charset.unsupported', 415))).toEqual({ status: 415, reason: 'BAD_REQUEST', message: 'Requête HTTP illisible.' });
    expect(bodyRefusalOf(parserError('request.aborted', 400))?.status).toBe(400);
  });

  it('answers a corrupt gzip, deflate or br body with 400 MALFORMED_BODY (zlib’s errors carry no type)', () => {
    const zlib = (code: string, errno: number) => Object.assign(new Error('incorrect header check'), { code, errno, status: 400, statusCode: 400, expose: true });
    for (const e of [zlib('Z_DATA_ERROR', -3), zlib('Z_BUF_ERROR', -5), zlib('ERR__ERROR_FORMAT_PADDING_1', -14)]) {
      expect(bodyRefusalOf(e)).toEqual({ status: 400, reason: 'MALFORMED_BODY', message: expect.stringMatching(/^Requête illisible : le corps compressé/) });
    }
  });

  it('leaves every other error to the next handler', () => {
    expect(bodyRefusalOf(new Error('boom'))).toBeNull();
    expect(bodyRefusalOf(parserError('stream.encoding.set', 500))).toBeNull();
    expect(bodyRefusalOf(Object.assign(new Error('x'), { status: 404 }))).toBeNull();
    expect(bodyRefusalOf(undefined)).toBeNull();
  });
});
