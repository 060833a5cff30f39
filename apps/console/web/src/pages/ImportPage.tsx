import { FormEvent, useState } from 'react';
import { ApiError, download, upload, messageOf } from '../api';
import { Status } from '../Status';

interface ImportReport {
  mode: string;
  applied: boolean;
  rowsRead: number;
  rowsApplied: number;
  rowsRejected: number;
  errors: { line: number; field: string; message: string }[];
  errorsTruncated: boolean;
  alreadyApplied?: boolean;
}

/**
 * System > Import: source quantities from a CSV file (`sku,source_code,quantity,status[,notify_stock_qty]`),
 * all or nothing or the valid rows only, with the catalog's report of every bad row; and the export.
 */
export function ImportPage() {
  const [file, setFile] = useState<File | undefined>();
  const [mode, setMode] = useState('all_or_nothing');
  const [report, setReport] = useState<ImportReport | undefined>();
  const [failure, setFailure] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setFailure('Choose a CSV file first');
    // One id per attempt: sending the same file again after a lost answer applies it once.
    const importId = crypto.randomUUID();
    try {
      setReport(
        await upload<ImportReport>(
          'catalog',
          `/source-items/import?mode=${mode}&importId=${importId}`,
          file,
          'text/csv',
        ),
      );
      setFailure('');
    } catch (error) {
      // A refused all-or-nothing import answers 422 with its report: nothing was stored.
      if (error instanceof ApiError && error.status === 422 && error.body)
        setReport(error.body as ImportReport);
      else setFailure(messageOf(error));
    }
  };

  return (
    <section>
      <header className="page-header">
        <h1>Import</h1>
        <button onClick={() => void download('catalog', '/source-items/export', 'source-items.csv')}>
          Export all quantities
        </button>
      </header>
      <Status failure={failure} />
      <form className="card inline" aria-label="Import quantities" onSubmit={submit}>
        <label className="field">
          <span>CSV file</span>
          <input
            name="file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        </label>
        <label className="field">
          <span>When a row is bad</span>
          <select name="mode" value={mode} onChange={(e) => setMode(e.target.value)}>
            <option value="all_or_nothing">Store nothing</option>
            <option value="valid_rows">Store the valid rows</option>
          </select>
        </label>
        <button type="submit">Import</button>
      </form>
      <p className="hint">
        Columns: <code>sku,source_code,quantity,status</code> and optionally <code>notify_stock_qty</code>;
        status is <code>in_stock</code> or <code>out_of_stock</code>.
      </p>
      {report && (
        <div className="card" aria-label="Import report">
          <p role="status" className={report.applied ? 'notice' : 'error'}>
            {report.applied
              ? `${report.rowsApplied} of ${report.rowsRead} rows stored${report.rowsRejected ? `, ${report.rowsRejected} rejected` : ''}${report.alreadyApplied ? ' (this import had already been applied)' : ''}`
              : `Nothing stored: ${report.rowsRejected} of ${report.rowsRead} rows are bad`}
          </p>
          {report.errors.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th>Line</th>
                  <th>Field</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((error) => (
                  <tr key={`${error.line}|${error.field}`} data-line={error.line}>
                    <td>{error.line}</td>
                    <td>{error.field}</td>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.errorsTruncated && <p className="muted">Only the first 1,000 problems are listed.</p>}
        </div>
      )}
    </section>
  );
}
