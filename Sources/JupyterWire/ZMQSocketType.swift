import CZeroMQ

/// The ZeroMQ socket types Jupyter uses, on the kernel and on the client side.
public enum ZMQSocketType: Sendable {
    case router, dealer, pub, xpub, sub, rep, req, pair

    var rawValue: Int32 {
        switch self {
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .pub: ZMQ_PUB
        case .xpub: ZMQ_XPUB
        case .sub: ZMQ_SUB
        case .rep: ZMQ_REP
        case .req: ZMQ_REQ
        case .pair: ZMQ_PAIR
        }
    }
}
