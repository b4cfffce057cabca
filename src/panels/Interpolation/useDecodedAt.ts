/** Decodes the A→B path at t whenever t or the model changes; a reply older than the one shown is dropped. */
import { useEffect, useRef, useState } from 'react';

export function useDecodedAt(decode: (t: number) => Promise<Float32Array | null>, t: number, modelVersion: unknown, enabled: boolean) {
  const [image, setImage] = useState<Float32Array | null>(null);
  const requested = useRef(0);
  const shown = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => {
    if (!enabled) return;
    const id = ++requested.current;
    decode(t).then(
      (pixels) => {
        if (!pixels || !mounted.current || id < shown.current) return;
        shown.current = id;
        setImage(pixels);
      },
      () => undefined,
    );
  }, [decode, t, modelVersion, enabled]);
  return image;
}
