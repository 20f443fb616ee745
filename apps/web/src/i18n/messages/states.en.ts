// The integration's states as banners (Projects tab, related lists, setup page), and refusals of
// pages a profile may not use.
export const statesEn = {
  "banner.keyInvalid":
    "Projects cannot be shown: the service key of the Projects portal is no longer valid. An administrator must update the service key.",
  "banner.keyInvalidAction": "Update the service key",
  "banner.trialDaysLeft": "Trial of the Projects integration: {days} days left (ends on {date}).",
  "banner.trialLastDay": "Trial of the Projects integration: last day (ends on {date}).",
  "banner.trialExpired":
    "The 15-day trial of the Projects integration ended on {date}. Projects are no longer synced; upgrade the CRM edition to continue.",
  "banner.deactivated":
    "The Projects integration is deactivated: the CRM no longer shows the portal's projects.",
  "banner.notReady": "The Projects integration is not set up yet: an administrator must choose a portal.",
  "banner.setupAction": "Open the integration setup",
  "banner.notAllowed.create": "Your profile is not allowed to create projects.",
  "banner.notAllowed.edit": "Your profile is not allowed to edit projects.",
} as const
