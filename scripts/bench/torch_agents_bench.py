"""PyTorch reference for `atradiff bench agents`: gradient updates per second of SAC and REDQ with
the same networks, batch and update structure as atradiff's agents (src/agents/softActorCritic.ts).

Critics are one ensemble (weights [N, in, out], torch.baddbmm), the fastest way to run N critics in
PyTorch; a REDQ target evaluates only the M sampled target critics; the actor is a tanh-Gaussian
policy with log-std clipped to [-20, 2]; temperature loss -log(alpha) (log pi + H).
SAC: every update trains critics, actor and temperature. REDQ: cycles of G critic updates with the
actor/temperature update on the last one, counted as G updates.

Prints one JSON object: {"sac": updates_per_sec, "redq": updates_per_sec, "threads": n}.
Run with Debian's python3 (the one with torch): /usr/bin/python3 scripts/bench/torch_agents_bench.py
"""

import argparse
import json
import math
import statistics
import time

import torch
import torch.nn.functional as F


class EnsembleMLP(torch.nn.Module):
    """N independent ReLU MLPs evaluated together; input [B, in] or [N, B, in], output [N, B, out]."""

    def __init__(self, sizes, members):
        super().__init__()
        self.members = members
        self.weights = torch.nn.ParameterList()
        self.biases = torch.nn.ParameterList()
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            bound = 1 / math.sqrt(fan_in)
            self.weights.append(torch.nn.Parameter(torch.empty(members, fan_in, fan_out).uniform_(-bound, bound)))
            self.biases.append(torch.nn.Parameter(torch.empty(members, 1, fan_out).uniform_(-bound, bound)))

    def forward(self, x, idx=None):
        if x.dim() == 2:
            x = x.unsqueeze(0).expand(self.members if idx is None else len(idx), -1, -1)
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            if idx is not None:
                w, b = w[idx], b[idx]
            x = torch.baddbmm(b, x, w)
            if i < last:
                x = F.relu(x)
        return x


def mlp(sizes):
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(torch.nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


class SacFamily:
    def __init__(self, obs_dim, act_dim, hidden, members, target_members, actor_reduction):
        self.act_dim = act_dim
        self.members = members
        self.target_members = target_members
        self.actor_reduction = actor_reduction
        self.actor = mlp([obs_dim, *hidden, 2 * act_dim])
        self.critic = EnsembleMLP([obs_dim + act_dim, *hidden, 1], members)
        self.target = EnsembleMLP([obs_dim + act_dim, *hidden, 1], members)
        self.target.load_state_dict(self.critic.state_dict())
        for p in self.target.parameters():
            p.requires_grad_(False)
        self.log_alpha = torch.zeros(1, requires_grad=True)
        self.actor_opt = torch.optim.Adam(self.actor.parameters(), lr=3e-4)
        self.critic_opt = torch.optim.Adam(self.critic.parameters(), lr=3e-4)
        self.alpha_opt = torch.optim.Adam([self.log_alpha], lr=3e-4)
        self.target_entropy = -act_dim
        self.gamma, self.tau = 0.99, 0.005

    def sample(self, obs):
        out = self.actor(obs)
        mu, log_std = out[:, : self.act_dim], out[:, self.act_dim :].clamp(-20, 2)
        std = log_std.exp()
        eps = torch.randn_like(mu)
        u = mu + std * eps
        action = torch.tanh(u)
        log_prob = (-0.5 * eps.pow(2) - log_std - 0.5 * math.log(2 * math.pi)).sum(1, keepdim=True)
        log_prob = log_prob - (2 * (math.log(2) - u - F.softplus(-2 * u))).sum(1, keepdim=True)
        return action, log_prob

    def update(self, obs, act, rew, next_obs, done, update_actor):
        alpha = self.log_alpha.exp().detach()
        with torch.no_grad():
            next_a, next_logp = self.sample(next_obs)
            if self.target_members < self.members:
                idx = torch.randperm(self.members)[: self.target_members]
                q_next = self.target(torch.cat([next_obs, next_a], 1), idx)
            else:
                q_next = self.target(torch.cat([next_obs, next_a], 1))
            q_next = q_next.min(0).values - alpha * next_logp
            y = rew + self.gamma * (1 - done) * q_next
        q = self.critic(torch.cat([obs, act], 1))
        loss = ((q - y) ** 2).mean() * self.members
        self.critic_opt.zero_grad()
        loss.backward()
        self.critic_opt.step()
        with torch.no_grad():
            for t, s in zip(self.target.parameters(), self.critic.parameters()):
                t.lerp_(s, self.tau)
        if not update_actor:
            return
        for p in self.critic.parameters():
            p.requires_grad_(False)
        a, logp = self.sample(obs)
        q_pi = self.critic(torch.cat([obs, a], 1))
        q_pi = q_pi.min(0).values if self.actor_reduction == "min" else q_pi.mean(0)
        actor_loss = (alpha * logp - q_pi).mean()
        self.actor_opt.zero_grad()
        actor_loss.backward()
        self.actor_opt.step()
        for p in self.critic.parameters():
            p.requires_grad_(True)
        alpha_loss = -(self.log_alpha * (logp.detach().mean() + self.target_entropy))
        self.alpha_opt.zero_grad()
        alpha_loss.backward()
        self.alpha_opt.step()


def measure(agent, batch, cycle, rounds, updates_per_round, warmup):
    def run(n):
        for i in range(n):
            agent.update(*batch, update_actor=(i % cycle) == cycle - 1)

    run(warmup)
    rates = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        run(updates_per_round)
        rates.append(updates_per_round / (time.perf_counter() - t0))
    return statistics.median(rates)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--obs", type=int, default=11)
    p.add_argument("--act", type=int, default=3)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--updates", type=int, default=20, help="updates per timed round (a multiple of --utd)")
    p.add_argument("--utd", type=int, default=20, help="REDQ's critic updates per actor update")
    p.add_argument("--agents", default="sac,redq")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    b = args.batch
    batch = (
        torch.randn(b, args.obs),
        torch.rand(b, args.act) * 2 - 1,
        torch.randn(b, 1),
        torch.randn(b, args.obs),
        torch.zeros(b, 1),
    )
    hidden = [args.hidden, args.hidden]
    result = {}
    for name in args.agents.split(","):
        if name == "sac":
            agent = SacFamily(args.obs, args.act, hidden, 2, 2, "min")
            result["sac"] = measure(agent, batch, 1, args.rounds, args.updates, warmup=10)
        elif name == "redq":
            agent = SacFamily(args.obs, args.act, hidden, 10, 2, "mean")
            result["redq"] = measure(agent, batch, args.utd, args.rounds, args.updates, warmup=args.utd)
        else:
            raise SystemExit(f"Unknown agent {name!r}; this reference has sac and redq.")
    result["threads"] = torch.get_num_threads()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
