/**
 * The internal message types every channel adapter converts to and from. Slack events, e-mails, web
 * chat posts and CLI invocations all become one `InboundMessage`; the agent answers with one
 * `OutboundReply`, which the adapter renders for its channel. Nothing channel-specific lives here.
 */

/** Channels Tollgate talks on (the same names broker identities use in TOLLGATE_BROKERS). */
export type ChannelName = "slack" | "email" | "cli" | "web";

/** A file that came with a message. Either its bytes or a path on the local disk is given. */
export interface Attachment {
  /** File name as the sender gave it, e.g. "invoice-4471.pdf". */
  filename: string;
  /** MIME type when the channel reports one. */
  mediaType?: string;
  /** The file's content. */
  data?: Uint8Array;
  /** A local path to read the content from when `data` is not given (CLI `--attach`). */
  path?: string;
}

/** Who wrote a message, as the channel identifies them (Slack user id, e-mail address, CLI user). */
export interface Author {
  channel: ChannelName;
  identity: string;
  displayName?: string;
}

/** One message into the agent. */
export interface InboundMessage {
  channel: ChannelName;
  /** Conversation thread; a new one is created when it is not known yet. */
  threadId: string;
  author: Author;
  text: string;
  attachments: Attachment[];
  /** Channel-level id of the message (Slack ts, Message-ID) for deduplication, when there is one. */
  messageId?: string;
}

/** A tool the agent called during the turn, with the arguments it passed. */
export interface ToolCallRecord {
  name: string;
  args: Record<string, unknown>;
}

/** A filing request paused until a licensed broker decides on it. */
export interface PendingApproval {
  draftId: string;
  version: number;
}

/** The agent's answer to one inbound message. */
export interface OutboundReply {
  threadId: string;
  /** The answer text (plain text with light markdown). */
  text: string;
  toolCalls: ToolCallRecord[];
  /** Set while the thread waits for a broker's decision on a filing. */
  pendingApproval: PendingApproval | null;
  /** True when the request was refused (the thread is waiting, a permission was missing, ...). */
  refused: boolean;
}
