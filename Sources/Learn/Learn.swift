// Learn: layers, losses, metrics, optimizers and the training loop.
