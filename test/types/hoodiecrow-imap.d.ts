/** Types for hoodiecrow-imap, an in-process IMAP test server (the package ships none). */
declare module "hoodiecrow-imap" {
  import type { Server } from "node:net";

  interface HoodiecrowMessage {
    raw: string;
    flags?: string[];
    internaldate?: string;
  }
  interface HoodiecrowOptions {
    plugins?: string[];
    storage?: Record<string, { messages?: HoodiecrowMessage[]; permanentFlags?: string[] }>;
    users?: Record<string, { password: string }>;
    debug?: boolean;
  }
  interface HoodiecrowServer {
    server: Server;
    listen(port: number, host: string, callback: () => void): void;
    close(callback: () => void): void;
  }
  export default function hoodiecrow(options: HoodiecrowOptions): HoodiecrowServer;
}
