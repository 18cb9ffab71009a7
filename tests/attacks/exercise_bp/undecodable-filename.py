"""Attack: a submission whose file name is not UTF-8 (byte 0xff, as a zip made on another system unpacks): the grader keys its reports by the submission's raw name but the result carries the cleaned one (the byte written as an escape), so writing the report raises KeyError and nobody after this submission is graded (a notebook with a lone-surrogate escape in a code cell does the same earlier, in digest()). A correct grader keeps one name for both, and grades or skips such a file with the reason."""

# needs nothing else: the name does it (undecodable-filename.json). The functions are the starter's.


def sigmoid(u):
    raise NotImplementedError("exercise_bp: implement sigmoid")


def forward(X, W1, b1, W2, b2):
    raise NotImplementedError("exercise_bp: implement forward")


def loss(Y, R):
    raise NotImplementedError("exercise_bp: implement loss")


def backward(X, R, W1, b1, W2, b2):
    raise NotImplementedError("exercise_bp: implement backward")


def train_step(X, R, W1, b1, W2, b2, alpha):
    raise NotImplementedError("exercise_bp: implement train_step")
