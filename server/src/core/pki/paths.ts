/**
 * Certification path building as RFC 4158 describes it: from a certificate,
 * try every issuer candidate (found by name, ordered by key identifier and
 * validity), depth first with backtracking, never revisiting a CA (same
 * subject and key) already on the path, and stop at the first path that ends
 * at a self-signed anchor and passes the RFC 5280 checks. When none passes,
 * the best failing path is reported (complete before incomplete, then the one
 * with the fewest problems). Dead ends are remembered, and a budget bounds the
 * search, so a hostile workspace (100 CAs with one name) stays linear.
 */

export interface PathGraph<T> {
  /** Issuers whose key verifies the node's signature and whose subject is its issuer name, best first. */
  issuers(node: T): Iterable<T>;
  /** A self-signed certificate: a path may end there. */
  isAnchor(node: T): boolean;
  /** Loop detection: the same CA (subject and key) must not appear twice on a path. */
  loopKey(node: T): string;
  /** RFC 5280 problems of a path (leaf first, anchor last when complete). */
  problems(path: readonly T[], complete: boolean): string[];
}

export interface BuiltPath<T> {
  /** Leaf first; ends at the anchor when `complete`. */
  readonly path: readonly T[];
  readonly complete: boolean;
  readonly problems: readonly string[];
  /** Candidate issuers examined (for tests and benchmarks). */
  readonly explored: number;
}

const maxDepth = 32;

/** Builds the best path from `start`; `budget` caps the issuer candidates examined. */
export function buildPath<T>(start: T, graph: PathGraph<T>, budget = 20_000): BuiltPath<T> {
  let explored = 0;
  let best: BuiltPath<T> | undefined;
  /**
   * Dead ends: a node from which no anchor was reachable, with the depth it was explored at.
   * Without a loop cut the answer holds at that depth and any deeper one (less room left);
   * when only the depth limit stopped it, a shallower visit may still succeed.
   */
  const deadAt = new Map<T, number>();
  const onPath = new Set<string>();
  const path: T[] = [];

  const better = (candidate: BuiltPath<T>): boolean =>
    !best ||
    (candidate.complete && !best.complete) ||
    (candidate.complete === best.complete && (candidate.problems.length < best.problems.length || (candidate.problems.length === best.problems.length && !candidate.complete && candidate.path.length > best.path.length)));

  const offer = (complete: boolean): boolean => {
    const problems = graph.problems(path, complete);
    const candidate: BuiltPath<T> = { path: [...path], complete, problems, explored };
    if (better(candidate)) best = candidate;
    return complete && problems.length === 0;
  };

  /** Returns [found a valid path, reached any anchor, cut a loop, stopped by the depth limit or budget]. */
  const visit = (node: T): [boolean, boolean, boolean, boolean] => {
    path.push(node);
    onPath.add(graph.loopKey(node));
    const depth = path.length;
    try {
      if (graph.isAnchor(node)) return [offer(true), true, false, false];
      let reached = false;
      let loopCut = false;
      let depthCut = false;
      let tried = 0;
      if (depth < maxDepth) {
        for (const issuer of graph.issuers(node)) {
          if (explored >= budget) {
            depthCut = true;
            break;
          }
          if (onPath.has(graph.loopKey(issuer))) {
            loopCut = true;
            continue;
          }
          const dead = deadAt.get(issuer);
          if (dead !== undefined && dead <= depth + 1) {
            depthCut ||= dead > 0;
            continue;
          }
          explored++;
          tried++;
          const [valid, r, c, d] = visit(issuer);
          if (valid) return [true, true, false, false];
          reached ||= r;
          loopCut ||= c;
          depthCut ||= d;
        }
      } else depthCut = true;
      if (!tried) offer(false);
      if (!reached && !loopCut) deadAt.set(node, depthCut ? depth : 0);
      return [false, reached, loopCut, depthCut];
    } finally {
      path.pop();
      onPath.delete(graph.loopKey(node));
    }
  };

  visit(start);
  return { ...best!, explored };
}
