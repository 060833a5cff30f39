/** What went wrong (an alert) and what was done (a status line), above a page's content. */
export function Status(props: { failure?: string; notice?: string }) {
  return (
    <>
      {props.failure && (
        <p className="error" role="alert">
          {props.failure}
        </p>
      )}
      {props.notice && (
        <p className="notice" role="status">
          {props.notice}
        </p>
      )}
    </>
  );
}
