const channel = typeof setImmediate === 'function' ? null : new MessageChannel();
const waiting: Array<() => void> = [];
if (channel) channel.port1.onmessage = () => waiting.shift()?.();

/**
 * Lets queued messages and timers run: a real macrotask (tf.nextFrame does not yield in a worker).
 * Browsers: a MessageChannel round trip. Node (tests, CLI): setImmediate, because Node drains a port's
 * messages in one go and a loop that keeps posting would starve its timers.
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    if (!channel) {
      setImmediate(resolve);
      return;
    }
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
