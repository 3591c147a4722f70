import { Back, Frame, signedInScreen } from '../_components/frame';

/** Screen 7: the return policy, pre-filled with the category's suggestion (edit or accept). */
export default signedInScreen('policy', ({ progress, flash }) => {
  const policy = progress.store.returnPolicy || progress.defaults.returnPolicy;

  return (
    <Frame
      screen="policy"
      title="Return policy"
      lead="Shoppers see it before they pay. The suggestion suits most shops like yours: edit it if yours differs."
      flash={flash}
    >
      <Back to="products" />
      <form method="post" action="/start/save/policy" className="o-form o-card" data-form="policy">
        <label>
          Your return policy
          <textarea name="returnPolicy" required minLength={20} maxLength={2000} rows={7} defaultValue={policy} />
        </label>
        <button type="submit" className="o-button w-primary">
          Save and continue
        </button>
      </form>
    </Frame>
  );
});
