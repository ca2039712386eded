import { readCsrfToken } from './auth/csrf-fetch.ts';

/** POSTs a form with XMLHttpRequest, whose upload events give progress (fetch has none). */
export function uploadWithProgress<T>(url: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'json';
    // XMLHttpRequest bypasses the fetch wrapper that adds the CSRF header.
    const csrf = readCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new Error('the upload failed: network error'));
    xhr.onload = () => {
      const body = (xhr.response ?? {}) as { error?: string };
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new Error(body.error ?? `the server answered ${xhr.status}`));
    };
    xhr.send(form);
  });
}
