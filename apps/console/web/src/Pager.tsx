/** "21–40 of 73" with Previous and Next, under every paged list. */
export function Pager(props: {
  offset: number;
  pageSize: number;
  total: number;
  empty: string;
  onOffset: (offset: number) => void;
}) {
  const { offset, pageSize, total } = props;
  return (
    <footer className="pager">
      <span>
        {total === 0 ? props.empty : `${offset + 1}–${Math.min(offset + pageSize, total)} of ${total}`}
      </span>
      <button disabled={offset === 0} onClick={() => props.onOffset(Math.max(0, offset - pageSize))}>
        Previous
      </button>
      <button disabled={offset + pageSize >= total} onClick={() => props.onOffset(offset + pageSize)}>
        Next
      </button>
    </footer>
  );
}
