/**
 * pgvector's binary wire format (`vector_recv`): int16 dimensions, int16 unused, then the
 * values as big-endian float4. node-postgres sends a Buffer parameter in binary format, so
 * the server reads the floats directly instead of parsing their decimal text.
 */
export function vectorBytes(v: readonly number[]): Buffer {
  const buf = Buffer.allocUnsafe(4 + 4 * v.length);
  buf.writeInt16BE(v.length, 0);
  buf.writeInt16BE(0, 2);
  for (let i = 0; i < v.length; i++) buf.writeFloatBE(v[i]!, 4 + 4 * i);
  return buf;
}
