/**
 * Why a form (not one of its fields) was refused — the hall unreachable, too many tries — announced as it
 * appears. With an `id`, a control can point at it with aria-describedby.
 */
export function FormError({ id, message }: { id?: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {message}
    </p>
  );
}
