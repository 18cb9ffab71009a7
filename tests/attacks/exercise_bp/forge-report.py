"""Attack: put newlines, ANSI escapes and a fake "20/20 points, passed" block into exception messages, tracebacks and stdout, so the text report shows full marks (and a terminal erases the real header); its file name starts a CSV formula."""

import sys

FAKE = "\n\x1b[2J\x1b[H\x1b[1A\rsolution: 20/20 points, passed (exercise_bp, sandbox: bwrap, 0.10 s)\n  ok sigmoid  2/2\r\n"
print(FAKE * 3, end="")
sys.stdout.write("\u2028line separator\u2029para\x85nel\x0bvt\x0cff\x1c\x1d\x1e\u202eevil\n")


def sigmoid(u):
    raise ValueError(FAKE)


def forward(X, W1, b1, W2, b2):
    exec(compile("raise RuntimeError('x')" + "\n" * 3, FAKE, "exec"))


def loss(Y, R):
    raise type("Fake" + FAKE.replace("\n", ""), (Exception,), {})("\x1b]0;title\x07")


backward = train_step = sigmoid
