import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnimateError } from '../../../../src/core/errors';
import { notStartedError } from '../../../../src/core/jobs/notStarted';
import { budgetRefusal, estimateBatch, SessionBudget } from '../../../../src/core/jobs/budget';

const local = { provider: 'local', model: 'camera-move', size: '1280x720', seconds: 10 };
// Sora 2 Pro at 1280x720: $0.30 a second in the catalog.
const pro4 = { provider: 'openai-videos', model: 'sora-2-pro', size: '1280x720', seconds: 4 };
const unpriced = { provider: 'dashscope', model: 'wan2.2-i2v-plus', size: '1920x1080', seconds: 5 };

describe('session budget', () => {
  it('lets free jobs through a budget of 0 and refuses a paid one with its estimate and what is left', () => {
    const budget = new SessionBudget(0, '--budget-usd');
    assert.equal(budget.reserve([local, local]).length, 2);
    assert.equal(budget.remainingUsd, 0);
    assert.throws(
      () => budget.reserve([pro4]),
      (error: unknown) =>
        error instanceof AnimateError &&
        error.kind === 'bad-input' &&
        error.message ===
          'Refused: openai-videos sora-2-pro, 4 s at 1280x720 would cost ≈ $1.20, over the budget: $0.00 left of the $0.00 budget. Raise it with --budget-usd, or use the free local provider.',
    );
  });

  it('spends down: a second call over what is left is refused, the total of a batch counts', () => {
    const budget = new SessionBudget(2, '--budget-usd');
    const [reservation] = budget.reserve([pro4]);
    assert.equal(reservation?.usd, 1.2);
    assert.equal(budget.remainingUsd, 0.8);
    assert.throws(
      () => budget.reserve([pro4]),
      /would cost ≈ \$1\.20, over the budget: \$0\.80 left of the \$2\.00 budget/,
    );
    assert.throws(() => new SessionBudget(2, 'x').reserve([pro4, pro4]), /2 videos would cost ≈ \$2\.40/);
    assert.equal(new SessionBudget(2.4, 'x').reserve([pro4, pro4]).length, 2, 'exactly the budget is allowed');
  });

  it('refuses a paid model with no known price under any budget, saying why', () => {
    assert.throws(
      () => new SessionBudget(100, '--budget-usd').reserve([unpriced]),
      /dashscope \(wan2\.2-i2v-plus\) has no known price, so its cost cannot be bounded under a budget \(\$100\.00 left/,
    );
    assert.deepEqual(estimateBatch([local, unpriced]), { unpriced });
  });

  it('takes custom model prices as overrides', () => {
    const overrides = [{ provider: 'dashscope', model: 'wan2.2-i2v-plus', usdPerSecond: 0.1 }];
    assert.equal(budgetRefusal([unpriced], 1, 1, 'x', overrides), undefined);
    assert.match(
      budgetRefusal([unpriced], 0.4, 1, 'x', overrides) ?? '',
      /would cost ≈ \$0\.50, over the budget: \$0\.40 left of the \$1\.00 budget/,
    );
  });

  it('gives the money back only when the provider never created the job', () => {
    const budget = new SessionBudget(3.6, 'x');
    const [notSent, created, maybe] = budget.reserve([pro4, pro4, pro4]);
    assert.equal(budget.remainingUsd, 0);
    notSent?.settleFailure(notStartedError());
    notSent?.settleFailure(notStartedError());
    assert.equal(budget.spentUsd, 2.4, 'refunded once');
    created?.settleFailure(new AnimateError('provider', 'moderation', { stage: 'follow' }));
    maybe?.settleFailure(new AnimateError('submit-unknown', 'timeout', { stage: 'submit' }));
    assert.equal(budget.spentUsd, 2.4, 'a created or maybe-created job stays spent');
  });

  it('counts what the session spent before when its limit is set anew', () => {
    const budget = new SessionBudget(1, 'the setting', [], 1.2);
    assert.equal(budget.spentUsd, 1.2);
    assert.equal(budget.remainingUsd, 0);
    assert.throws(() => budget.reserve([pro4]), /\$0\.00 left of the \$1\.00 budget/);
    assert.equal(new SessionBudget(3, 'the setting', [], 1.2).reserve([pro4]).length, 1);
  });

  it('refuses a budget that is not a number of dollars', () => {
    assert.throws(() => new SessionBudget(-1, 'x'), /0 or more/);
    assert.throws(() => new SessionBudget(Number.NaN, 'x'), /0 or more/);
  });
});
