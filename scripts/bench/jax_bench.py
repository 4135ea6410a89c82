"""JAX/XLA reference for `atradiff bench agents` and `bench engine`: SAC and REDQ gradient updates
per second (the networks, batch and update structure of torch_agents_bench.py, each update one
jit-compiled XLA program), and the training step of SynthER's residual-MLP denoiser
(src/diffusion/denoiserNetwork.ts: input projection + random-Fourier time MLP, then Linear to the
width, L blocks x + Linear(SiLU(LayerNorm(x))), SiLU, Linear out; EDM loss; Adam).

Threads: run it under `taskset -c 0` for one thread (XLA's CPU client uses every core it may).
Prints one JSON object: {"sac": updates/s, "redq": updates/s, "denoiserMs": ms} for what --what asks.
--clock process measures the process's CPU time instead of wall time (for a busy machine).
Run with a venv holding jax, flax and optax (see results/engine.md).
"""

import argparse
import json
import math
import statistics
import time

import jax
import jax.numpy as jnp
import optax

jax.config.update("jax_platforms", "cpu")


def dense_init(key, fan_in, fan_out, members=None):
    bound = 1 / math.sqrt(fan_in)
    shape = (fan_in, fan_out) if members is None else (members, fan_in, fan_out)
    kw, kb = jax.random.split(key)
    bshape = (fan_out,) if members is None else (members, 1, fan_out)
    return {"w": jax.random.uniform(kw, shape, minval=-bound, maxval=bound),
            "b": jax.random.uniform(kb, bshape, minval=-bound, maxval=bound)}


def mlp_init(key, sizes, members=None):
    keys = jax.random.split(key, len(sizes) - 1)
    return [dense_init(k, a, b, members) for k, a, b in zip(keys, sizes[:-1], sizes[1:])]


def mlp_apply(params, x):
    for i, layer in enumerate(params):
        x = x @ layer["w"] + layer["b"]
        if i < len(params) - 1:
            x = jax.nn.relu(x)
    return x


def ensemble_apply(params, x):
    """x [B, in] -> [N, B, out] with weights [N, in, out]."""
    for i, layer in enumerate(params):
        x = (jnp.einsum("bi,nio->nbo", x, layer["w"]) if x.ndim == 2 else jnp.einsum("nbi,nio->nbo", x, layer["w"]))
        x = x + layer["b"]
        if i < len(params) - 1:
            x = jax.nn.relu(x)
    return x


def make_sac(obs_dim, act_dim, hidden, members, target_members, reduction):
    gamma, tau, target_entropy = 0.99, 0.005, -act_dim
    opt = optax.adam(3e-4)

    def sample(actor, obs, key):
        out = mlp_apply(actor, obs)
        mu, log_std = out[:, :act_dim], jnp.clip(out[:, act_dim:], -20, 2)
        eps = jax.random.normal(key, mu.shape)
        u = mu + jnp.exp(log_std) * eps
        logp = (-0.5 * eps**2 - log_std - 0.5 * math.log(2 * math.pi)).sum(1, keepdims=True)
        logp = logp - (2 * (math.log(2) - u - jax.nn.softplus(-2 * u))).sum(1, keepdims=True)
        return jnp.tanh(u), logp

    @jax.jit
    def critic_step(state, batch, key):
        obs, act, rew, next_obs, done = batch
        k1, k2 = jax.random.split(key)
        alpha = jnp.exp(state["log_alpha"])
        next_a, next_logp = sample(state["actor"], next_obs, k1)
        idx = jax.random.permutation(k2, members)[:target_members]
        target = jax.tree_util.tree_map(lambda p: p[idx], state["target"])
        q_next = ensemble_apply(target, jnp.concatenate([next_obs, next_a], 1)).min(0) - alpha * next_logp
        y = jax.lax.stop_gradient(rew + gamma * (1 - done) * q_next)

        def loss_fn(critic):
            q = ensemble_apply(critic, jnp.concatenate([obs, act], 1))
            return ((q - y) ** 2).mean() * members

        grads = jax.grad(loss_fn)(state["critic"])
        updates, critic_opt = opt.update(grads, state["critic_opt"])
        critic = optax.apply_updates(state["critic"], updates)
        target_params = jax.tree_util.tree_map(lambda t, s: t + tau * (s - t), state["target"], critic)
        return {**state, "critic": critic, "critic_opt": critic_opt, "target": target_params}

    @jax.jit
    def actor_step(state, batch, key):
        obs = batch[0]
        alpha = jnp.exp(state["log_alpha"])

        def loss_fn(actor):
            a, logp = sample(actor, obs, key)
            q = ensemble_apply(state["critic"], jnp.concatenate([obs, a], 1))
            q = q.min(0) if reduction == "min" else q.mean(0)
            return (alpha * logp - q).mean(), logp

        grads, logp = jax.grad(loss_fn, has_aux=True)(state["actor"])
        updates, actor_opt = opt.update(grads, state["actor_opt"])
        actor = optax.apply_updates(state["actor"], updates)
        entropy_gap = jax.lax.stop_gradient(logp.mean() + target_entropy)
        alpha_grad = -entropy_gap
        a_updates, alpha_opt = opt.update(alpha_grad, state["alpha_opt"])
        log_alpha = optax.apply_updates(state["log_alpha"], a_updates)
        return {**state, "actor": actor, "actor_opt": actor_opt, "log_alpha": log_alpha, "alpha_opt": alpha_opt}

    key = jax.random.PRNGKey(0)
    ka, kc = jax.random.split(key)
    actor = mlp_init(ka, [obs_dim, *hidden, 2 * act_dim])
    critic = mlp_init(kc, [obs_dim + act_dim, *hidden, 1], members)
    log_alpha = jnp.zeros(())
    state = {"actor": actor, "critic": critic, "target": critic, "log_alpha": log_alpha,
             "actor_opt": opt.init(actor), "critic_opt": opt.init(critic), "alpha_opt": opt.init(log_alpha)}
    return state, critic_step, actor_step


def measure_agent(name, args, batch):
    hidden = [args.hidden, args.hidden]
    members, target_members, reduction, cycle = (2, 2, "min", 1) if name == "sac" else (10, 2, "mean", args.utd)
    state, critic_step, actor_step = make_sac(args.obs, args.act, hidden, members, target_members, reduction)
    key = jax.random.PRNGKey(1)

    def run(n, state, key):
        for i in range(n):
            key, k1, k2 = jax.random.split(key, 3)
            state = critic_step(state, batch, k1)
            if i % cycle == cycle - 1:
                state = actor_step(state, batch, k2)
        jax.block_until_ready(state)
        return state, key

    per_round = max(args.updates // cycle, 1) * cycle
    state, key = run(max(cycle, 10), state, key)
    rates = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        state, key = run(per_round, state, key)
        rates.append(per_round / (time.perf_counter() - t0))
    return statistics.median(rates)


def measure_denoiser(args):
    d, c, dim_t, width, depth, batch = args.data, args.cond, args.dim_t, args.width, args.depth, args.batch
    freqs = 16
    key = jax.random.PRNGKey(0)
    ks = jax.random.split(key, 8 + depth)
    params = {
        "inp": dense_init(ks[0], d + c, dim_t),
        "freq": jax.random.normal(ks[1], (freqs,)),
        "t1": dense_init(ks[2], 1 + 2 * freqs, dim_t),
        "t2": dense_init(ks[3], dim_t, dim_t),
        "body_in": dense_init(ks[4], dim_t, width),
        "blocks": [{"ln_g": jnp.ones(width), "ln_b": jnp.zeros(width), **dense_init(k, width, width)}
                   for k in ks[8:8 + depth]],
        "out": dense_init(ks[5], width, d),
    }
    opt = optax.adam(3e-4)
    opt_state = opt.init(params)

    def lin(p, x):
        return x @ p["w"] + p["b"]

    def net(p, x, t):
        f = t[:, None] * p["freq"][None, :] * 2 * math.pi
        emb = jnp.concatenate([t[:, None], jnp.sin(f), jnp.cos(f)], 1)
        h = lin(p["inp"], x) + lin(p["t2"], jax.nn.silu(lin(p["t1"], emb)))
        h = lin(p["body_in"], h)
        for blk in p["blocks"]:
            mu = h.mean(1, keepdims=True)
            var = ((h - mu) ** 2).mean(1, keepdims=True)
            n = (h - mu) / jnp.sqrt(var + 1e-5) * blk["ln_g"] + blk["ln_b"]
            h = h + lin(blk, jax.nn.silu(n))
        return lin(p["out"], jax.nn.silu(h))

    sigma_data = 0.5

    @jax.jit
    def step(params, opt_state, x0, cond, key):
        k1, k2 = jax.random.split(key)
        sigma = jnp.exp(jax.random.normal(k1, (x0.shape[0],)) * 1.2 - 1.2)
        noise = jax.random.normal(k2, x0.shape) * sigma[:, None]

        def loss_fn(p):
            s2 = sigma**2 + sigma_data**2
            c_skip = sigma_data**2 / s2
            c_out = sigma * sigma_data / jnp.sqrt(s2)
            c_in = 1 / jnp.sqrt(s2)
            xn = x0 + noise
            f = net(p, jnp.concatenate([xn * c_in[:, None], cond], 1), jnp.log(sigma) / 4)
            den = c_skip[:, None] * xn + c_out[:, None] * f
            w = s2 / (sigma * sigma_data) ** 2
            return (w[:, None] * (den - x0) ** 2).mean()

        grads = jax.grad(loss_fn)(params)
        updates, opt_state = opt.update(grads, opt_state)
        return optax.apply_updates(params, updates), opt_state

    x0 = jax.random.normal(ks[6], (batch, d))
    cond = jax.random.normal(ks[7], (batch, c))
    key = jax.random.PRNGKey(2)
    for _ in range(3):
        key, k = jax.random.split(key)
        params, opt_state = step(params, opt_state, x0, cond, k)
    jax.block_until_ready(params)
    times = []
    for _ in range(args.steps):
        key, k = jax.random.split(key)
        t0 = time.perf_counter()
        params, opt_state = step(params, opt_state, x0, cond, k)
        jax.block_until_ready(params)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--what", default="sac,redq,denoiser")
    p.add_argument("--obs", type=int, default=11)
    p.add_argument("--act", type=int, default=3)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--updates", type=int, default=40)
    p.add_argument("--utd", type=int, default=20)
    p.add_argument("--data", type=int, default=411)
    p.add_argument("--cond", type=int, default=11)
    p.add_argument("--dim-t", dest="dim_t", type=int, default=128)
    p.add_argument("--width", type=int, default=512)
    p.add_argument("--depth", type=int, default=6)
    p.add_argument("--steps", type=int, default=15)
    p.add_argument("--clock", choices=["wall", "process"], default="wall")
    args = p.parse_args()
    if args.clock == "process":
        time.perf_counter = time.process_time
    key = jax.random.PRNGKey(0)
    ks = jax.random.split(key, 3)
    b = args.batch
    batch = (jax.random.normal(ks[0], (b, args.obs)), jax.random.uniform(ks[1], (b, args.act), minval=-1, maxval=1),
             jax.random.normal(ks[2], (b, 1)), jax.random.normal(ks[0], (b, args.obs)), jnp.zeros((b, 1)))
    result = {}
    for what in args.what.split(","):
        if what in ("sac", "redq"):
            result[what] = measure_agent(what, args, batch)
        elif what == "denoiser":
            result["denoiserMs"] = measure_denoiser(args)
        else:
            raise SystemExit(f"Unknown measurement {what!r}; this reference has sac, redq and denoiser.")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
