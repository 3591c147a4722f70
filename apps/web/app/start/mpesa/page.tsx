import { param } from '@/lib/wizard-flow';
import { Back, Frame, signedInScreen } from '../_components/frame';

/**
 * Screen 4: M-Pesa. Till (Buy Goods) or paybill, its number, and the three keys of the Daraja
 * app; "Test connection" saves them and asks Daraja for a token (the API's answer is shown).
 * Or skip: shoppers then pay by hand / on WhatsApp until M-Pesa is set up in Settings.
 */
export default signedInScreen('mpesa', ({ progress, flash }, search) => {
  const saved = progress.store.mpesa;
  const step = progress.steps.find((s) => s.key === 'mpesa');
  const tested = param(search, 'test');

  return (
    <Frame
      screen="mpesa"
      title="Get paid with M-Pesa"
      lead="Shoppers pay with an M-Pesa prompt on their phone; the money goes straight to your till or paybill."
      flash={flash}
    >
      <Back to="contact" />
      {saved ? (
        <section className="o-card w-saved" data-mpesa-saved={saved.kind}>
          <p>
            <strong>Saved:</strong> {saved.kind === 'till' ? 'Buy Goods till' : 'Paybill'} {saved.shortcode}
            {tested === 'ok' ? (
              <span className="o-badge o-badge--active w-badge" data-test-result="ok">
                Connection OK
              </span>
            ) : null}
            {tested === 'failed' ? (
              <span className="o-badge o-badge--cancelled w-badge" data-test-result="failed">
                Connection failed
              </span>
            ) : null}
          </p>
          <div className="w-row">
            <form method="post" action="/start/save/mpesa-test">
              <button type="submit" className="o-button o-button--plain" data-mpesa-test>
                Test connection
              </button>
            </form>
            <a href="/start/delivery" className="o-button" data-continue>
              Continue
            </a>
          </div>
        </section>
      ) : step?.skipped ? (
        <section className="o-card" data-mpesa-skipped>
          <p>You chose to take payments by hand or on WhatsApp for now.</p>
          <a href="/start/delivery" className="o-button" data-continue>
            Continue
          </a>
        </section>
      ) : null}
      <details className="w-section" open={!saved}>
        <summary>{saved ? 'Change M-Pesa details' : 'Your M-Pesa details'}</summary>
        <form method="post" action="/start/save/mpesa" className="o-form o-card" autoComplete="off" data-form="mpesa">
          <fieldset className="w-choices w-choices--two">
            <legend>How do shoppers pay you?</legend>
            <label className="w-choice w-choice--small">
              <input type="radio" name="kind" value="till" defaultChecked={saved?.kind !== 'paybill'} />
              <span className="w-choice__text">
                <strong>Till</strong>
                <span>Buy Goods</span>
              </span>
            </label>
            <label className="w-choice w-choice--small">
              <input type="radio" name="kind" value="paybill" defaultChecked={saved?.kind === 'paybill'} />
              <span className="w-choice__text">
                <strong>Paybill</strong>
                <span>Business number</span>
              </span>
            </label>
          </fieldset>
          <label>
            Till or paybill number
            <input
              name="number"
              required
              inputMode="numeric"
              pattern="[0-9]{5,7}"
              maxLength={7}
              placeholder="e.g. 5123456"
            />
          </label>
          <p className="o-small o-muted w-help">
            The three keys below are in your app on the Safaricom Daraja portal (developer.safaricom.co.ke → My Apps;
            the passkey comes with Lipa na M-Pesa Online). Copy and paste them.
          </p>
          <label>
            Consumer key
            <input
              name="consumerKey"
              required
              minLength={8}
              maxLength={200}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
            />
          </label>
          <label>
            Consumer secret
            <input
              name="consumerSecret"
              required
              minLength={8}
              maxLength={200}
              type="password"
              autoComplete="new-password"
            />
          </label>
          <label>
            Passkey
            <input name="passkey" required minLength={8} maxLength={200} type="password" autoComplete="new-password" />
          </label>
          <details className="w-advanced" open={progress.showAdvanced}>
            <summary>Advanced: till store number</summary>
            <label>
              Store (head office) number of the till, if it differs from the till number
              <input name="shortcode" inputMode="numeric" pattern="[0-9]{5,7}" maxLength={7} />
            </label>
            <p className="o-small o-muted">
              Refund settings (initiator, security credential) are in Settings after you publish.
            </p>
          </details>
          <div className="w-row">
            <button type="submit" name="action" value="test" className="o-button w-primary" data-mpesa-save-test>
              Save and test connection
            </button>
            <button type="submit" name="action" value="save" className="o-button o-button--plain">
              Save and continue
            </button>
          </div>
          <p className="o-small o-muted">Keys are stored encrypted and never shown again.</p>
        </form>
      </details>
      {!saved && !step?.skipped ? (
        <form method="post" action="/start/save/mpesa-skip" className="w-skip">
          <button type="submit" className="o-button o-button--plain w-full" data-mpesa-skip>
            Skip for now — take payments by hand/WhatsApp
          </button>
        </form>
      ) : null}
    </Frame>
  );
});
