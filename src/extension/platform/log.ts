import * as vscode from 'vscode';
import type { Logger } from '../../core/types';
import { redact } from './redact';

/** The "Animate Image" LogOutputChannel (respects Developer: Set Log Level) as the core's Logger. */
export class Log implements Logger, vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Animate Image', { log: true });

  debug(message: string): void {
    this.channel.debug(redact(message));
  }
  info(message: string): void {
    this.channel.info(redact(message));
  }
  warn(message: string): void {
    this.channel.warn(redact(message));
  }
  error(message: string): void {
    this.channel.error(redact(message));
  }

  /** A logger whose lines start with `[component]`. */
  tagged(component: string): Logger {
    return {
      debug: (m) => this.debug(`[${component}] ${m}`),
      info: (m) => this.info(`[${component}] ${m}`),
      warn: (m) => this.warn(`[${component}] ${m}`),
      error: (m) => this.error(`[${component}] ${m}`),
    };
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
