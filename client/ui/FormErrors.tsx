import { useEffect, useRef } from 'react';

/** One refused field in a summary: the id of its control, and the message that names it. */
export interface FieldMessage {
  id: string;
  text: string;
}

/**
 * What a refused form needs changed, all at once: a heading (how many), then one link-like button per field
 * that takes the focus to its control. Announced when it appears; it takes the focus itself each time
 * `attempt` changes (each refused submit), so the reader starts from the list rather than from the button.
 */
export function FormErrors({
  heading,
  errors,
  attempt,
}: {
  heading: string;
  errors: readonly FieldMessage[];
  attempt?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (attempt) ref.current?.focus();
  }, [attempt]);
  if (errors.length === 0) return null;
  return (
    <div ref={ref} className="error-summary" role="alert" tabIndex={-1}>
      <p>{heading}</p>
      <ul>
        {errors.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              className="link"
              onClick={() => {
                const control = document.getElementById(e.id);
                control?.scrollIntoView({ block: 'center' });
                control?.focus();
              }}
            >
              {e.text}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
