import { useState } from 'react';
import { ApiError, download } from '../../api/client';
import { Icon } from '../../ui/icons';
import { Button, ErrorMessage } from '../../ui/kit';

/** « Télécharger »: the PDF (or the `format` named) fetched with the session's token and saved. */
export function DownloadButton({ path, label = 'Télécharger', compact = false, format = 'PDF' }: { path: string; label?: string; compact?: boolean; format?: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async () => {
    setPending(true);
    setError(null);
    try {
      await download(path);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button kind={compact ? 'secondary' : 'primary'} pending={pending} onClick={() => void run()} aria-label={compact ? label : undefined}>
        <Icon name="download" /> {compact ? format : 'Télécharger'}
      </Button>
      <ErrorMessage error={error} />
    </>
  );
}
