/** Moves to another page of the console without a reload (the App follows popstate). */
export function navigate(to: string): void {
  history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}
