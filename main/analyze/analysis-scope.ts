import type { AnalysisScope } from '../../common/analysis-api.ts'

/**
 * The test of an AnalysisScope: does an instance from startNs to endNs (null: from the trace's
 * start, to its end), on these goroutines, belong to it?
 */
export function inScope(
  scope: AnalysisScope,
  traceStart: number,
  traceEnd: number,
): (startNs: number | null, endNs: number | null, gids: readonly number[]) => boolean {
  const from = scope.fromNs ?? -Infinity
  const to = scope.toNs ?? Infinity
  const wanted = scope.gids === undefined ? undefined : new Set(scope.gids)
  return (startNs, endNs, gids) =>
    (endNs ?? traceEnd) >= from &&
    (startNs ?? traceStart) <= to &&
    (wanted === undefined || gids.some((g) => wanted.has(g)))
}
