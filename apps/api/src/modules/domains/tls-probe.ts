import { connect } from 'node:tls';

/**
 * Does the edge serve a valid certificate for `host`? A TLS handshake to host:443 with SNI,
 * verified against the system CAs for that name. true: certificate ready; false: not (yet).
 */
export function probeCertificate(host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port: 443, servername: host, timeout: timeoutMs });
    const done = (value: boolean) => {
      socket.destroy();
      resolve(value);
    };
    socket.once('secureConnect', () => done(socket.authorized));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
