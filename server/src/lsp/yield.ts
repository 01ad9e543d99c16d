/**
 * Let the messages that came in meanwhile (a cancellation, a newer edit, a completion request) be read
 * before going on. Node has setImmediate (after pending I/O); a web worker has not, where a 0 ms timeout
 * does the same.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
