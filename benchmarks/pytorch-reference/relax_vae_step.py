#!/usr/bin/env python3
"""Plain-PyTorch reference of one `./relax4j train` step on the binary VAE (one stochastic layer of
200 Bernoulli units), for timing only: random binarized 784-pixel data, no evaluation.

  ELBO f(b) = log p(x|b) + log p(b) - log q(b|x),  q(b|x) = Bernoulli(sigmoid(alpha)), alpha = enc(x - mean)
  reinforce: g = f(b) * dlog q(b)/dalpha
  relax:     z = logit(theta) + logit(u), b = H(z), z~ ~ p(z|b) from independent v,
             c(z) = eta * f(sigmoid(z/lambda)) + s * r(z, x - mean)   (r: MLP, 3 hidden ReLU layers of 200)
             g = (f(b) - c(z~)) dlog q(b)/dalpha + dc(z)/dalpha - dc(z~)/dalpha
             control variate trained on mean(g^2) + 1e-3 sum ||W||^2 (second-order gradients)
The model maximises the surrogate f(b) + sum(alpha * stop(g)). Adam lr 1e-3, beta2 0.99999 for both.
Prints one JSON line: ms/step over steps 300..600 (median of 30-step windows).
"""
import argparse, json, math, statistics, time
import torch
from torch import nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--model", choices=["linear", "nonlinear"], default="linear")
p.add_argument("--estimator", choices=["reinforce", "relax"], default="relax")
p.add_argument("--batch", type=int, default=24)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--steps", type=int, default=600)
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)
D, H = 784, 200


def mlp(n_in, n_out, hidden, act):
    layers, d = [], n_in
    for _ in range(hidden):
        layers += [nn.Linear(d, 200), act()]
        d = 200
    return nn.Sequential(*layers, nn.Linear(d, n_out))


hidden = 0 if args.model == "linear" else 2
enc, dec = mlp(D, H, hidden, nn.Tanh), mlp(H, D, hidden, nn.Tanh)
prior = nn.Parameter(torch.zeros(H))
model_params = list(enc.parameters()) + list(dec.parameters()) + [prior]
pool = (torch.rand(1000, D) < 0.5).float()
mean = pool.mean(0)


def log_bern(x, logits):  # sum over the last axis of log Bernoulli(x; sigmoid(logits))
    return (x * logits - F.softplus(logits)).sum(-1)


def elbo(x, h, q_logits):  # h may be hard or relaxed, with leading sample axes
    return log_bern(x, dec(h)) + log_bern(h, prior) - log_bern(h, q_logits)


if args.estimator == "relax":
    r_net = mlp(H + D, 1, 3, nn.ReLU)
    eta, log_temp, scale = (nn.Parameter(torch.tensor(v)) for v in (1.0, math.log(0.5), 1.0))
    cv_params = list(r_net.parameters()) + [eta, log_temp, scale]
    cv_opt = torch.optim.Adam(cv_params, lr=1e-3, betas=(0.9, 0.99999))
model_opt = torch.optim.Adam(model_params, lr=1e-3, betas=(0.9, 0.99999))


def step():
    x = pool[torch.randint(0, pool.shape[0], (args.batch,))]
    xc = x - mean
    alpha = enc(xc)
    a = alpha.detach().requires_grad_(True)
    u = torch.rand_like(a).clamp(1e-6, 1 - 1e-6)
    z = a + torch.log(u) - torch.log1p(-u)
    b = (z > 0).float()
    fb = elbo(x, b, alpha)  # model gradients of f flow through decoder, prior and log q
    score = b - torch.sigmoid(a.detach())  # dlog q(b)/dalpha
    if args.estimator == "reinforce":
        g = fb.detach().unsqueeze(-1) * score
    else:
        v = torch.rand_like(a).clamp(1e-6, 1 - 1e-6)
        theta = torch.sigmoid(a)
        # z~ ~ p(z | b): v scaled into the region of u where H(z) = b
        uprime = torch.where(b > 0, (1 - theta) + v * theta, v * (1 - theta))
        zt = a + torch.log(uprime) - torch.log1p(-uprime)
        zz = torch.stack([z, zt])  # (2, B, H), c(z) and c(z~) in one pass
        temp = log_temp.exp()
        c = eta * elbo(x, torch.sigmoid(zz / temp), a)
        feats = torch.cat([zz, xc.expand(2, -1, -1)], -1)
        c = c + scale * r_net(feats).squeeze(-1)
        seed = torch.stack([torch.ones(args.batch), -torch.ones(args.batch)])
        pathwise, = torch.autograd.grad(c, a, seed, create_graph=True)
        g = (fb.detach() - c[1]).unsqueeze(-1) * score + pathwise
        loss = (g * g).mean() + 1e-3 * sum((m.weight ** 2).sum() for m in r_net if isinstance(m, nn.Linear))
        cv_opt.zero_grad()
        grads = torch.autograd.grad(loss, cv_params)
        for q, gq in zip(cv_params, grads):
            q.grad = gq
        cv_opt.step()
    surrogate = fb + (alpha * g.detach()).sum(-1)
    model_opt.zero_grad()
    (-surrogate.mean()).backward()
    model_opt.step()


times = []
for i in range(args.steps):
    t = time.perf_counter()
    step()
    times.append(time.perf_counter() - t)
window = 30
tail = times[300:args.steps]
windows = [sum(tail[k:k + window]) / window for k in range(0, len(tail) - window + 1, window)]
print(json.dumps({"model": args.model, "estimator": args.estimator, "batch": args.batch, "threads": args.threads,
                  "torch": torch.__version__, "step_ms": 1e3 * statistics.median(windows),
                  "mean_ms_300_600": 1e3 * sum(tail) / max(1, len(tail))}))
