import type * as vscode from 'vscode';
import { formValuesSchema, type FormValues } from '../../shared/protocol';

const stateKey = 'animateImage.lastValues';

/** The form's last submitted values, per workspace (`workspaceState`), checked on read. */
export class LastValues {
  constructor(private readonly state: vscode.Memento) {}

  get(): FormValues | undefined {
    const parsed = formValuesSchema.safeParse(this.state.get<unknown>(stateKey));
    return parsed.success ? parsed.data : undefined;
  }

  async set(values: FormValues): Promise<void> {
    await this.state.update(stateKey, values);
  }
}
