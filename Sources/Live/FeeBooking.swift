import Foundation
import Binance
import Engine
import SparkCore

/// A trade's fee in the engine's model: a quote-asset fee is the fill's fee; a base-asset fee
/// changes the quantity received (or given); any other asset (BNB) is recorded per asset and
/// reconciled, not charged to cash.
enum FeeBooking {
    /// The engine's fill for `trade`, with the gross quantity the order's progress counts.
    static func fill(_ trade: TradeReport, order: LiveOrder, instrument: Instrument, rules: SymbolRules) -> (fill: Fill, gross: Int64)? {
        guard let quantity = DecimalText.units(trade.qty, decimals: instrument.quantityDecimals),
              let price = DecimalText.units(trade.price, decimals: instrument.priceDecimals),
              let commission = DecimalText.value(trade.commission) else { return nil }
        var net = quantity
        var fee = Money.zero
        if trade.commissionAsset == rules.quoteAsset {
            fee = Money(units: DecimalText.roundedUnits(commission, decimals: Money.decimals))
        } else if trade.commissionAsset == rules.baseAsset {
            if let units = DecimalText.units(trade.commission, decimals: instrument.quantityDecimals) {
                net += order.side == .buy ? -units : units
            } else {
                // Finer than the instrument's step: charged at the trade's price instead, and the
                // base asset's balance carries the difference (reconciled within tolerance).
                let value = commission * (DecimalText.value(trade.price) ?? 0)
                fee = Money(units: DecimalText.roundedUnits(value, decimals: Money.decimals))
            }
        }
        let fill = Fill(
            orderID: order.engineID, symbol: SymbolID(0), side: order.side, quantity: Quantity(units: net), price: Price(units: price), fee: fee,
            time: trade.time, maker: trade.isMaker
        )
        return (fill, quantity)
    }

    /// What the trade moved in each asset's balance.
    static func move(_ ledger: inout [String: Decimal], _ other: inout [String: Decimal], trade: TradeReport, buy: Bool, rules: SymbolRules) {
        let quantity = DecimalText.value(trade.qty) ?? 0
        let quote = DecimalText.value(trade.quoteQty) ?? quantity * (DecimalText.value(trade.price) ?? 0)
        let commission = DecimalText.value(trade.commission) ?? 0
        ledger[rules.baseAsset, default: 0] += buy ? quantity : -quantity
        ledger[rules.quoteAsset, default: 0] += buy ? -quote : quote
        ledger[trade.commissionAsset, default: 0] -= commission
        if trade.commissionAsset != rules.baseAsset, trade.commissionAsset != rules.quoteAsset {
            other[trade.commissionAsset, default: 0] += commission
        }
    }
}
