/** What the browser says about the microphone before anyone asks; `unknown` where it cannot say (Safari, Firefox). */
export type MicPermission = 'granted' | 'prompt' | 'denied' | 'unknown';

/** Why the microphone could not be opened. */
export type MicFailure = 'denied' | 'missing' | 'insecure' | 'busy' | 'unknown';

export type MicResult = { ok: true; stream: MediaStream } | { ok: false; reason: MicFailure };

/** Whether the browser already lets the page use the microphone, without asking (the Permissions API). */
export async function micPermission(): Promise<MicPermission> {
  try {
    if (!navigator.permissions?.query) return 'unknown';
    const status = await navigator.permissions.query({ name: 'microphone' as PermissionName });
    return status.state;
  } catch {
    return 'unknown'; // a browser that does not know the "microphone" permission name
  }
}

/**
 * Open the microphone, audio only, with the browser's echo cancellation, noise suppression and gain control (a
 * phone on a desk, a loudspeaker in a shop). Voice needs a secure page (https, or localhost): elsewhere the
 * browser offers no microphone at all, and the answer says so rather than pretending it is missing.
 */
export async function openMicrophone(): Promise<MicResult> {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) return { ok: false, reason: 'insecure' };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      video: false,
    });
    return { ok: true, stream };
  } catch (err) {
    return { ok: false, reason: failureOf(err) };
  }
}

function failureOf(err: unknown): MicFailure {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    default:
      return 'unknown';
  }
}
