"""Custom actions: thin adapters from the Rasa dialogue to the hotline core."""
from bot.actions.follow_up import (  # noqa: F401
    ActionAddInformation,
    ActionAskFollowUpText,
    ActionEvaluate,
    ActionFollowUp,
    ValidateFollowUpForm,
)
from bot.actions.intake import (  # noqa: F401
    ActionApplyCorrection,
    ActionAskLocation,
    ActionAskNewEvidence,
    ActionChooseCategory,
    ActionIntakeSummary,
    ActionResetIntake,
    ActionStartIntake,
    ActionSubmitIntake,
    ValidateIntakeForm,
)
from bot.actions.screening import ActionScreening  # noqa: F401
from bot.actions.service import ActionCheckStatus, ActionHandoff  # noqa: F401
from hotline.logs import protect_logs
from hotline.startup import check_all, warm_up

protect_logs()  # rasa_sdk has set up its handlers by the time it imports the actions
check_all()  # a broken policy file stops the action server at start-up, not mid-conversation
warm_up()  # the models are loaded (or trained) now, not by the first citizen's request
