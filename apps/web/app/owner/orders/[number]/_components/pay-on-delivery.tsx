import type { Order } from '@/lib/owner-data';
import { formatKes, when } from '@/lib/owner-format';

/** A pay-on-delivery order whose money is still to be taken at the door. */
export function awaitsCollection(order: Order): boolean {
  return (
    order.paymentMethod === 'on_delivery' &&
    !order.collected &&
    ['pending_payment', 'packed', 'dispatched'].includes(order.status)
  );
}

/**
 * Pay on delivery on the owner's order page: before dispatch, what it means (and Mark packed
 * while it is unpaid); at the door (dispatched), the rider's three taps: Collect with M-Pesa (a
 * prompt to the shopper's phone through the normal payment path), Cash received (the total, on
 * record with who and when), Refused at the door (stock back, the shopper told).
 */
export function PayOnDeliveryActions({ order, base }: { order: Order; base: string }) {
  const action = `${base}/pay-on-delivery`;
  if (order.collected)
    return (
      <p className="o-muted" data-pod-collected={order.collected.via}>
        Pay on delivery: {formatKes(order.totalKes)} collected by {order.collected.via === 'cash' ? 'cash' : 'M-Pesa'}{' '}
        {when(order.collected.at)}.
      </p>
    );
  if (order.status === 'pending_payment' || order.status === 'packed')
    return (
      <>
        <p className="o-muted" data-pod-note>
          Pay on delivery: pack it and send it out; the rider collects {formatKes(order.totalKes)} at the door.
        </p>
        {order.status === 'pending_payment' ? (
          <form method="post" action={`${base}/status`}>
            <input type="hidden" name="to" value="packed" />
            <button type="submit" className="o-button" data-action="packed">
              Mark packed
            </button>
          </form>
        ) : null}
      </>
    );
  return (
    <div className="o-pod" data-pod-door>
      <p>
        Pay on delivery: collect <strong>{formatKes(order.totalKes)}</strong> at the door.
      </p>
      <form method="post" action={action}>
        <input type="hidden" name="do" value="mpesa" />
        <button type="submit" className="o-button" data-action="pod-mpesa">
          Collect with M-Pesa
        </button>
      </form>
      <form method="post" action={action}>
        <input type="hidden" name="do" value="cash" />
        <input type="hidden" name="amountKes" value={order.totalKes} />
        <button type="submit" className="o-button o-button--plain" data-action="pod-cash">
          Cash received ({formatKes(order.totalKes)})
        </button>
      </form>
      <details>
        <summary>Refused at the door</summary>
        <form method="post" action={action} className="o-form">
          <input type="hidden" name="do" value="refused" />
          <label>
            What happened (optional)
            <input name="note" maxLength={300} />
          </label>
          <button type="submit" className="o-button o-button--danger" data-action="pod-refused">
            Mark refused (stock back)
          </button>
        </form>
      </details>
    </div>
  );
}
