/**
 * The words of the mail an email change sends. Pure: no I/O. They name no person (only the address they
 * go to knows who it is), so a mail read by the wrong eyes tells little.
 */

/** The page that follows a confirmation link; the token rides in the fragment, which no server sees. */
export function confirmationLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/confirm-email#token=${token}`;
}

const confirmationLinkPattern = /\S*\/confirm-email#token=[A-Za-z0-9_-]+/g;

/**
 * A mail's text with its confirmation links taken out: a link proves the mailbox it went to, so anyone
 * but that mailbox (the person who asked, reading their export) must not get it, or they could confirm
 * an address they do not hold.
 */
export function withholdConfirmationLinks(text: string): string {
  return text.replace(
    confirmationLinkPattern,
    '(link withheld: it works only from the mailbox it was sent to)',
  );
}

/** The mail to a new address that no account uses: the link that proves it. */
export function composeConfirmationMail(link: string, expiresAt: Date) {
  return {
    subject: 'Confirm your new email address for Veil',
    text: [
      'Someone asked to make this the email address of their Veil account.',
      '',
      'If it was you, open this link to confirm it:',
      link,
      '',
      `The link works once, until ${expiresAt.toISOString()}. Until it is followed, the account keeps its`,
      'old address and nothing else about it changes.',
      '',
      'If it was not you, ignore this mail: nothing changes.',
    ].join('\n'),
  };
}

/** The mail to an address that another account already uses: no link, since it cannot be taken. */
export function composeAddressInUseMail() {
  return {
    subject: 'Someone tried to use your email address on Veil',
    text: [
      'Someone asked to make this email address the address of another Veil account.',
      '',
      'This address already belongs to an account, so nothing was changed, and no link was sent. The',
      'person who asked was told only that a mail is on its way.',
      '',
      'If it was you, sign in with this address instead. If not, you need do nothing.',
    ].join('\n'),
  };
}
