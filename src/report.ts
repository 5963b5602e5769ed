/**
 * Runs a caller's callback so that its exception reaches the page (window.onerror), as an
 * exception in an event handler would, instead of breaking the work that called it.
 */
export function runReported(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    setTimeout(() => {
      throw error;
    });
  }
}
