/** The error line under a form field: always in the page (islands fill it in), empty when fine. */
export function FieldError({ id, name, message }: { id: string; name: string; message?: string }) {
  return (
    <p className="field__error" id={id} data-error={name} role="alert">
      {message ?? ''}
    </p>
  );
}
