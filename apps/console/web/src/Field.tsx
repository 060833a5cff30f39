import { ReactNode } from 'react';
import { ApiError } from './api';

/** A labelled input with the service's message for its field right under it. */
export function Field(props: { label: string; field: string; error?: ApiError; children: ReactNode }) {
  const problems = props.error?.problemsOf(props.field) ?? [];
  return (
    <label className={problems.length ? 'field invalid' : 'field'}>
      <span>{props.label}</span>
      {props.children}
      {problems.length > 0 && (
        <small className="error" data-field={props.field}>
          {problems.join('; ')}
        </small>
      )}
    </label>
  );
}
