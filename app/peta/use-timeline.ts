import { useEffect, useState } from "react";

import { addMonths } from "@/lib/analytics/browser";

import type { Span } from "./types";

/**
 * The months the map shows: the whole window, or while the timeline plays one month at a time
 * from the window's start, every 1.5 s, until its end.
 */
export function useTimeline(whole: Span): {
  span: Span;
  playing: boolean;
  toggle: () => void;
  reset: () => void;
} {
  const [span, setSpan] = useState(whole);
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      setSpan((current) => {
        const next = current.from === current.to ? addMonths(current.to, 1) : current.from;
        if (next > whole.to) {
          setPlaying(false);
          return current;
        }
        return { from: next, to: next };
      });
    }, 1500);
    return () => clearInterval(timer);
  }, [playing, whole.to]);

  return {
    span,
    playing,
    toggle: () => setPlaying((p) => !p),
    reset: () => {
      setPlaying(false);
      setSpan(whole);
    },
  };
}
