/**
 * The vector branch's inner loop (memory-index.ts): add scaled columns into the rows' dot
 * products in single precision (as pgvector sums). For users of WASM_MIN_ROWS rows or more, a
 * WebAssembly SIMD function adds eight columns per pass, four rows per instruction: ~0.15 ms for a
 * 20,000-row user and a 31-dimension query, where one pass per dimension in JavaScript took ~1.2 ms.
 *
 *   acc8(dots, bytes, b0 … b7, x0 … x7):
 *     for (r = 0; r < bytes; r += 16) f32x4 at dots + r += Σk x_k · f32x4 at b_k + r
 *
 * `dots` and each `b_k` are byte offsets in the instance's memory, 16-byte aligned; `bytes` is a
 * positive multiple of 16. Written out here as the module's bytes (no toolchain needed).
 */

const PARAMS_I32 = 10; // dots, bytes, b0 … b7
const PARAMS_F32 = 8; // x0 … x7
const R = PARAMS_I32 + PARAMS_F32; // local: the byte offset r
const V = R + 1; // locals: the eight x_k splatted to f32x4

const op = {
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32Add: 0x6a,
  i32LtU: 0x49,
  loop: 0x03,
  void: 0x40,
  brIf: 0x0d,
  end: 0x0b,
  simd: 0xfd,
} as const;
const simd = {
  load: [0x00, 0x04, 0x00], // v128.load align=16 offset=0
  store: [0x0b, 0x04, 0x00], // v128.store align=16 offset=0
  f32x4Splat: [0x13],
  f32x4Add: [0xe4, 0x01],
  f32x4Mul: [0xe6, 0x01],
} as const;

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
const name = (s: string) => [s.length, ...Buffer.from(s, "utf8")];
const s = (instr: readonly number[]) => [op.simd, ...instr];

function moduleBytes(): Uint8Array {
  const body: number[] = [];
  for (let k = 0; k < 8; k++) body.push(op.localGet, PARAMS_I32 + k, ...s(simd.f32x4Splat), op.localSet, V + k);
  body.push(op.loop, op.void);
  body.push(op.localGet, 0, op.localGet, R, op.i32Add); // the store's address: dots + r
  body.push(op.localGet, 0, op.localGet, R, op.i32Add, ...s(simd.load)); // dots[r]
  for (let k = 0; k < 8; k++) {
    body.push(op.localGet, 2 + k, op.localGet, R, op.i32Add, ...s(simd.load)); // column k at r
    body.push(op.localGet, V + k, ...s(simd.f32x4Mul), ...s(simd.f32x4Add));
  }
  body.push(...s(simd.store));
  body.push(op.localGet, R, op.i32Const, 16, op.i32Add, op.localTee, R, op.localGet, 1, op.i32LtU, op.brIf, 0);
  body.push(op.end, op.end);
  const locals = [2, 1, 0x7f /* i32 */, 8, 0x7b /* v128 */];
  const code = [...locals, ...body];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, PARAMS_I32 + PARAMS_F32, ...Array(PARAMS_I32).fill(0x7f), ...Array(PARAMS_F32).fill(0x7d), 0]),
    ...section(2, [1, ...name("env"), ...name("mem"), 0x02, 0x00, 0x00]), // imports a memory
    ...section(3, [1, 0]),
    ...section(7, [1, ...name("acc8"), 0x00, 0]),
    ...section(10, [1, ...leb(code.length), ...code]),
  ]);
}

type Acc8 = (dots: number, bytes: number, ...args: number[]) => void;

let compiled: WebAssembly.Module | undefined;
let warned = false;

/**
 * Users with fewer rows are scored by the same sum in JavaScript (a 300-row user in ~45 µs):
 * each WebAssembly memory reserves address space for its guard regions (~10 GB of it), and
 * a process runs out after ~13,000 of them — one per user in memory would not do.
 */
export const WASM_MIN_ROWS = 1024;

export interface DotKernel {
  kind: "wasm" | "js";
  /** The dimension-major vectors: value d of row r at `d * stride + r`. */
  columns: Float32Array;
  /** The rows' dot products after `score` (the first `rows` entries). */
  dots: Float32Array;
  /** Rows padded to a multiple of 4. */
  stride: number;
  /** Bytes of memory held. */
  bytes: number;
  /** dots = Σ x_k · column d_k, over the given dimensions, summed in that order in single precision. */
  score(dims: readonly number[], xs: readonly number[]): void;
}

/** Memory for `dim` columns of `rows` rows, and the function that scores them. */
export function dotKernel(dim: number, rows: number): DotKernel {
  const stride = Math.max(4, (rows + 3) & ~3);
  if (rows >= WASM_MIN_ROWS) {
    try {
      return wasmKernel(dim, stride);
    } catch (e) {
      // No address space left for another WebAssembly memory (or no SIMD): the same sum in
      // JavaScript, slower for big users — said once, so an operator can tell.
      if (!warned) console.warn("[pio] search scoring falls back to JavaScript:", e instanceof Error ? e.message : e);
      warned = true;
    }
  }
  return jsKernel(dim, stride);
}

function jsKernel(dim: number, stride: number): DotKernel {
  const columns = new Float32Array(dim * stride);
  const dots = new Float32Array(stride);
  return {
    kind: "js",
    columns,
    dots,
    stride,
    bytes: columns.byteLength + dots.byteLength,
    score(dims, xs) {
      dots.fill(0);
      dims.forEach((d, k) => {
        const x = xs[k]!;
        const base = d * stride;
        // Each step rounded to single precision, as the SIMD function (and pgvector) sums.
        for (let r = 0; r < stride; r++) dots[r]! += Math.fround(x * columns[base + r]!);
      });
    },
  };
}

function wasmKernel(dim: number, stride: number): DotKernel {
  compiled ??= new WebAssembly.Module(moduleBytes() as BufferSource);
  const columnBytes = dim * stride * 4;
  const pages = Math.ceil((columnBytes + stride * 4) / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const acc8 = new WebAssembly.Instance(compiled, { env: { mem: memory } }).exports.acc8 as Acc8;
  const columns = new Float32Array(memory.buffer, 0, dim * stride);
  const dots = new Float32Array(memory.buffer, columnBytes, stride);
  const b = new Array<number>(8);
  const x = new Array<number>(8);
  return {
    kind: "wasm",
    columns,
    dots,
    stride,
    bytes: pages * 65536,
    score(dims, xs) {
      dots.fill(0);
      for (let k = 0; k < dims.length; k += 8) {
        for (let j = 0; j < 8; j++) {
          // Past the last dimension: weight 0 on column 0.
          const inside = k + j < dims.length;
          b[j] = inside ? dims[k + j]! * stride * 4 : 0;
          x[j] = inside ? xs[k + j]! : 0;
        }
        acc8(columnBytes, stride * 4, ...b, ...x);
      }
    },
  };
}
