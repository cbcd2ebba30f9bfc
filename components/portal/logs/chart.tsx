"use client";

import { useEffect, useRef, useState } from "react";
import type { LogBucket } from "@/server/logs/service";
import { clockTime, formatMs } from "@/components/ui/format";

const H = 160;
const PAD = { top: 12, right: 44, bottom: 22, left: 36 };

function niceMax(v: number, floor: number): number {
  if (v <= floor) return floor;
  const exp = 10 ** Math.floor(Math.log10(v));
  const f = v / exp;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * exp;
}

/** The width the chart is given, so it is drawn at real pixel size (text stays legible on a phone). */
function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.floor(el.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/**
 * Requests per bucket (bars, left axis) and p95 latency per bucket (line, right axis), as
 * inline SVG that fits its container: every bucket of the window is in view, the newest at
 * the right edge, at any width. Screen readers get the same figures as a sentence.
 */
export function VolumeLatencyChart({ buckets, bucketMs, label }: { buckets: LogBucket[]; bucketMs: number; label: string }) {
  const { ref, width: W } = useWidth(720);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const maxCount = niceMax(Math.max(0, ...buckets.map((b) => b.count)), 4);
  const maxP95 = niceMax(Math.max(0, ...buckets.map((b) => b.p95Ms ?? 0)), 10);
  const empty = buckets.every((b) => b.count === 0);
  const bw = innerW / Math.max(1, buckets.length);
  const x = (i: number) => PAD.left + i * bw;
  const yCount = (c: number) => PAD.top + innerH - (c / maxCount) * innerH;
  const yP95 = (ms: number) => PAD.top + innerH - (ms / maxP95) * innerH;
  const points = buckets.flatMap((b, i) => (b.p95Ms == null ? [] : [`${x(i) + bw / 2},${yP95(b.p95Ms)}`]));
  // About one time label per 70 px, counted back from the newest bucket so the right edge is always labelled.
  const labelEvery = Math.max(1, Math.ceil(buckets.length / Math.max(2, Math.floor(innerW / 70))));
  const timeLabel = (d: Date) => (bucketMs >= 3600_000 * 6 ? d.toLocaleDateString("en", { month: "short", day: "numeric" }) : clockTime(d).slice(0, 5));

  return (
    <figure>
      <div ref={ref} className="w-full">
        <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} className="block h-auto max-w-full" role="img" aria-label={label}>
          {[0, 0.5, 1].map((f) => (
            <g key={f}>
              <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + innerH * (1 - f)} y2={PAD.top + innerH * (1 - f)} className="stroke-slate-100" />
              <text x={PAD.left - 6} y={PAD.top + innerH * (1 - f) + 3} textAnchor="end" className="fill-slate-400 text-[10px]">
                {Math.round(maxCount * f)}
              </text>
              <text x={W - PAD.right + 6} y={PAD.top + innerH * (1 - f) + 3} className="fill-amber-600 text-[10px]">
                {formatMs(maxP95 * f)}
              </text>
            </g>
          ))}
          {buckets.map((b, i) => (
            <g key={b.start.getTime()}>
              {b.count > 0 && (
                <rect
                  x={x(i) + bw * 0.15}
                  width={Math.max(1, bw * 0.7)}
                  y={yCount(b.count)}
                  height={PAD.top + innerH - yCount(b.count)}
                  rx={Math.min(1.5, bw * 0.2)}
                  className={b.errors ? "fill-rose-400" : "fill-brand-500"}
                >
                  <title>{`${clockTime(b.start)}: ${b.count} request(s)${b.errors ? `, ${b.errors} server error(s)` : ""}${b.p95Ms != null ? `, p95 ${formatMs(b.p95Ms)}` : ""}`}</title>
                </rect>
              )}
              {(buckets.length - 1 - i) % labelEvery === 0 && (
                <text x={x(i) + bw / 2} y={H - 6} textAnchor="middle" className="fill-slate-400 text-[10px]">
                  {timeLabel(b.start)}
                </text>
              )}
            </g>
          ))}
          {empty && (
            <text x={PAD.left + innerW / 2} y={PAD.top + innerH / 2} textAnchor="middle" className="fill-slate-400 text-xs">
              No requests in this window yet
            </text>
          )}
          {points.length > 1 && <polyline points={points.join(" ")} fill="none" className="stroke-amber-500" strokeWidth={2} strokeLinejoin="round" />}
          {points.length === 1 && <circle cx={Number(points[0]!.split(",")[0])} cy={Number(points[0]!.split(",")[1])} r={3} className="fill-amber-500" />}
        </svg>
      </div>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-slate-500">
        <span className="flex items-center gap-1.5">
          <span aria-hidden className="h-2.5 w-2.5 rounded-sm bg-brand-500" /> Requests
        </span>
        <span className="flex items-center gap-1.5">
          <span aria-hidden className="h-2.5 w-2.5 rounded-sm bg-rose-400" /> With 5xx errors
        </span>
        <span className="flex items-center gap-1.5">
          <span aria-hidden className="h-0.5 w-3 bg-amber-500" /> p95 latency
        </span>
      </figcaption>
    </figure>
  );
}
